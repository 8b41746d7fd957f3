"""Two `flask worker` processes pace their HubSpot requests through one limiter in Redis.

HubSpot (the fake) admits 3 requests in any 2 s; our limit is 3 per 4 s. Shared, our limit keeps
HubSpot's unless requests reach it more than 2 s later than they took their slot (only then can four
arrive within 2 s). On separate limiters, each worker sends its three at once every 4 s, so whatever
the two workers' phase, some 2 s hold one's three and at least one of the other's: a 429.
Leads come in one per commit while both workers sync, until the fake has seen a few windows' worth
of batch upserts. Last, a backlog that two workers start on together: each lead is sent once and no
job fails.
"""

from collections import Counter

import pytest
from redis import Redis
from rq import Queue
from rq.job import Job

from leadcapture.integrations.hubspot_properties import CUSTOM_PROPERTIES
from tests.sync.helpers import all_synced, start_worker, submit_lead, wait_until

pytestmark = pytest.mark.heavy

HUBSPOT_LIMIT, INTERVAL = 3, 2.0
OUR_RATE = "3 per 4 seconds"
UPSERTS = 3 * HUBSPOT_LIMIT  # three of HubSpot's windows at least
MAX_LEADS = 3000


def upserts(fake_hubspot) -> list:
    return [r for r in fake_hubspot.requests if r.path.endswith("/batch/upsert")]


def rate_limited(fake_hubspot) -> list:
    return [r for r in fake_hubspot.requests if r.status == 429]


def sync_with_two_workers(stack, fake_hubspot, redis_urls: tuple[str, str]) -> tuple[list, list[str]]:
    """Start a worker on each Redis URL and take leads (queued on the worker's Redis, in turn) until
    the fake saw UPSERTS batch upserts or a 429; returns the web apps and the leads' emails."""
    settings, workers, web_app = stack
    settings["HUBSPOT_RATE_LIMIT"] = OUR_RATE
    fake_hubspot.set_rate_limit(HUBSPOT_LIMIT, interval=INTERVAL)
    for name, (label, kind, field_type) in CUSTOM_PROPERTIES.items():
        fake_hubspot.add_property(name, kind, field_type, label=label)  # no property-creating requests
    apps = [web_app({**settings, "REDIS_URL": url}) for url in dict.fromkeys(redis_urls)]
    for url in redis_urls:
        start_worker({**settings, "REDIS_URL": url}, workers)
    emails: list[str] = []
    while len(upserts(fake_hubspot)) < UPSERTS and not rate_limited(fake_hubspot) and len(emails) < MAX_LEADS:
        emails.append(f"shared{len(emails):04d}@example.com")
        with apps[len(emails) % len(apps)].app_context():
            submit_lead(emails[-1])
    return apps, emails


def syncing_jobs(redis_url: str) -> list[Job]:
    """The finished sync jobs that synced leads (so made requests HubSpot accepted)."""
    connection = Redis.from_url(redis_url)
    registry = Queue("hubspot", connection=connection).finished_job_registry
    jobs = Job.fetch_many(registry.get_job_ids(), connection=connection)
    return [job for job in jobs if job and job.return_value().synced]


def failed_jobs(redis_url: str) -> list[str]:
    return Queue("hubspot", connection=Redis.from_url(redis_url)).failed_job_registry.get_job_ids()


def overlap(first: Job, second: Job) -> bool:
    return max(first.started_at, second.started_at) < min(first.ended_at, second.ended_at)


def test_two_workers_share_our_limit_and_hubspot_never_answers_429(stack, fake_hubspot):
    settings = stack[0]
    apps, emails = sync_with_two_workers(stack, fake_hubspot, (settings["REDIS_URL"],) * 2)

    wait_until(lambda: all_synced(apps[0], len(emails)), timeout=60, what="every lead in HubSpot")
    assert sorted(fake_hubspot.contacts) == emails
    assert len(upserts(fake_hubspot)) > HUBSPOT_LIMIT  # more than one of HubSpot's windows
    assert {request.status for request in fake_hubspot.requests} == {200}
    jobs = syncing_jobs(settings["REDIS_URL"])
    assert len({job.worker_name for job in jobs}) == 2  # both workers made requests...
    assert any(overlap(a, b) for a in jobs for b in jobs if a.worker_name != b.worker_name)  # at once


def test_control_two_workers_on_separate_limiters_get_429s(stack, fake_hubspot, redis_server):
    """The same run with each worker on a Redis database of its own (so a limiter of its own)."""
    other = redis_server.url.rsplit("/", 1)[0] + "/1"
    Redis.from_url(other).flushdb()
    sync_with_two_workers(stack, fake_hubspot, (redis_server.url, other))
    assert rate_limited(fake_hubspot)


def test_two_workers_starting_on_a_backlog_send_each_lead_once_and_no_job_fails(stack, fake_hubspot):
    settings, workers, web_app = stack
    app = web_app(settings)
    emails = [f"backlog{i:03d}@example.com" for i in range(300)]
    with app.app_context():
        for email in emails:
            submit_lead(email)
    for _ in range(2):
        start_worker(settings, workers)

    wait_until(lambda: all_synced(app, len(emails)), timeout=60, what="every lead in HubSpot")
    sent = Counter(item["id"] for request in upserts(fake_hubspot) for item in request.body["inputs"])
    assert failed_jobs(settings["REDIS_URL"]) == []
    assert sent == Counter(emails)
