"""The sync as operators run it: a real Redis, real `flask worker` processes, the fake HubSpot."""

import signal

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead
from tests.servers import RedisServer
from tests.sync.helpers import all_synced, outbox_counts, start_worker, stop, submit_lead, wait_until

pytestmark = pytest.mark.heavy


@pytest.mark.timeout(600)  # waits up to 240 s for the sync after taking 1,000 leads
def test_a_thousand_leads_through_failures_and_a_tight_rate_limit(stack, fake_hubspot):
    settings, workers, web_app = stack
    # HubSpot's window and ours scaled down from 10 s to 1 s: as tight, five times sooner done.
    settings = {**settings, "HUBSPOT_RATE_LIMIT": "8 per 1 second"}
    fake_hubspot.set_rate_limit(10, interval=1.0)
    fake_hubspot.set_failure_rate(0.15, seed=7)
    app = web_app(settings)
    with app.app_context():
        emails = [f"lead{i:04d}@example.com" for i in range(1000)]
        for email in emails:
            submit_lead(email, name=f"Lead {email[4:8]}")
    for _ in range(2):
        start_worker(settings, workers)

    wait_until(lambda: all_synced(app, 1000), timeout=240, what="1,000 leads in HubSpot")

    contacts = fake_hubspot.contacts  # a copy each time it is read
    assert sorted(contacts) == emails
    with app.app_context():
        leads = db.session.scalars(select(Lead)).all()
        assert all(lead.hubspot_contact_id == contacts[lead.email]["id"] for lead in leads)
        assert all(contacts[lead.email]["properties"]["leadcapture_score"] == "70" for lead in leads)
    statuses = [request.status for request in fake_hubspot.requests]
    assert any(status and status >= 500 for status in statuses)  # failures happened and were retried
    assert not any(r.path.endswith("/crm/v3/objects/contacts") for r in fake_hubspot.requests)  # no creates


def test_worker_killed_mid_batch_loses_and_duplicates_nothing(stack, fake_hubspot):
    settings, workers, web_app = stack
    app = web_app(settings)
    fake_hubspot.set_latency(1.5)
    with app.app_context():
        for i in range(150):
            submit_lead(f"kill{i:03d}@example.com")
    first = start_worker(settings, workers)
    wait_until(
        lambda: any(r.path.endswith("/batch/upsert") for r in fake_hubspot.requests),
        timeout=60,
        what="a batch",
    )
    stop(first, signal.SIGKILL)
    fake_hubspot.set_latency(0)
    start_worker(settings, workers)

    wait_until(lambda: all_synced(app, 150), timeout=120, what="every lead after the restart")
    assert len(fake_hubspot.contacts) == 150


def test_redis_down_while_leads_come_in_then_the_sweeper_syncs_them(stack, fake_hubspot, tmp_path):
    settings, workers, web_app = stack
    later_redis = RedisServer(tmp_path / "redis")  # its port is chosen now; it starts later
    settings = {**settings, "REDIS_URL": later_redis.url}
    app = web_app(settings)
    with app.app_context():
        for i in range(20):
            submit_lead(f"down{i:02d}@example.com")  # every submission succeeds
        assert outbox_counts() == {"pending": 20}
    later_redis.start()
    try:
        start_worker(settings, workers)
        wait_until(lambda: all_synced(app, 20), timeout=90, what="the sweeper's sync")
    finally:
        for worker in workers:
            stop(worker)
        later_redis.stop()
    assert len(fake_hubspot.contacts) == 20
