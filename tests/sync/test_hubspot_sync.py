"""HubSpot sync against the fake HubSpot through the real hubspot-api-client, jobs run in process."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, SyncOutbox
from leadcapture.sync.job import sync_pending
from leadcapture.sync.outbox import record_change
from leadcapture.sync.state import hubspot_state
from leadcapture.sync.sweeper import sweep
from tests.sync.helpers import outbox_counts, submit_lead, wait_until


def test_a_new_lead_reaches_hubspot_after_the_response(synced_app, fake_hubspot):
    app = synced_app()
    with app.app_context():
        lead = submit_lead("Ana@Example.com")
        wait_until(lambda: outbox_counts().get("synced"), what="the sync")
        contact = fake_hubspot.contacts["ana@example.com"]
        db.session.refresh(lead)
        assert lead.hubspot_contact_id == contact["id"]
    properties = contact["properties"]
    assert (properties["firstname"], properties["lastname"]) == ("Ana", "Lopez")
    assert properties["leadcapture_score"] == "70" and properties["leadcapture_engagement"] == "high"
    assert properties["leadcapture_first_utm_campaign"] == "spring"
    assert properties["leadcapture_tools_used"] == "cost_calculator"
    assert properties["leadcapture_lead_id"] == str(lead.id)
    assert properties["hs_lead_status"] == "NEW" and properties["leadcapture_marketing_consent"] == "no"


def test_several_changes_of_one_lead_are_one_write(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)  # nothing is queued: rows wait
    with app.app_context():
        lead = submit_lead("bo@example.com")
        lead.company = "Bo Clinic"
        db.session.commit()  # a second row ("contact")
        lead.status = "contacted"
        db.session.commit()  # a third ("status")
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        report = sync_pending()
    upserts = [r for r in fake_hubspot.requests if r.path.endswith("/batch/upsert") and r.status == 200]
    assert report.synced == 3 and len(upserts) == 1 and upserts[0].batch_size == 1


def test_without_a_token_rows_stay_pending(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        submit_lead("cy@example.com")
        assert sync_pending().stopped == "not configured"
        assert outbox_counts() == {"pending": 1}
    assert fake_hubspot.requests == []


def test_invalid_email_is_dead_lettered_and_the_rest_synced(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        good = submit_lead("good@example.com")
        bad = Lead(email="not-an-email", status="new", score=10, engagement_level="low", score_breakdown=[])
        db.session.add(bad)
        db.session.commit()  # a new lead: an outbox row
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        report = sync_pending()
        dead = db.session.scalars(select(SyncOutbox).where(SyncOutbox.lead_id == bad.id)).one()
        assert (report.synced, report.dead) == (1, 1)
        assert dead.status == "dead" and "invalid" in dead.last_error.lower()
        assert db.session.get(Lead, good.id).hubspot_contact_id
    assert set(fake_hubspot.contacts) == {"good@example.com"}


def test_rate_limit_waits_without_counting_an_attempt(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        submit_lead("rl@example.com")
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        sync_pending()  # the first upsert also creates our properties
        fake_hubspot.fail_next(1, status=429)
        db.session.scalars(select(Lead)).one().score = 75
        db.session.commit()
        wait_until(lambda: outbox_counts() == {"synced": 2}, what="the retry after 429")
        rows = db.session.scalars(select(SyncOutbox).order_by(SyncOutbox.id)).all()
        assert rows[-1].attempts == 1  # the successful one; the 429 did not count


def test_server_errors_are_retried_with_backoff(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        lead = submit_lead("retry@example.com")
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        sync_pending()  # sets our properties up
        app.config["HUBSPOT_ACCESS_TOKEN"] = None  # the change is not queued: this test runs the job
        record_change(db.session.get(Lead, lead.id), "score")
        db.session.commit()
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        fake_hubspot.fail_next(1, status=503)
        assert sync_pending().stopped == "retrying"
        wait_until(lambda: outbox_counts() == {"synced": 2}, what="the retry after 503")
    assert "retry@example.com" in fake_hubspot.contacts


def test_bad_token_is_shown_and_a_fixed_token_drains_the_queue(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN="wrong-token")
    with app.app_context():
        submit_lead("tok@example.com")
        wait_until(lambda: hubspot_state() and hubspot_state().credentials_ok is False, what="the 401")
        assert "credentials rejected" in hubspot_state().message
        assert outbox_counts() == {"pending": 1}
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sync_pending().synced == 1
        assert hubspot_state().credentials_ok is True
    assert "tok@example.com" in fake_hubspot.contacts


def test_sweeper_queues_old_pending_rows(synced_app, fake_hubspot):
    from datetime import timedelta

    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        submit_lead("old@example.com")
        row = db.session.scalars(select(SyncOutbox)).one()
        assert sweep() is False  # not configured
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sweep() is False  # younger than a minute: its own job handles it
        row = db.session.scalars(select(SyncOutbox)).one()
        row.created_at -= timedelta(minutes=2)
        db.session.commit()
        assert sweep() is True
        wait_until(lambda: outbox_counts() == {"synced": 1}, what="the swept sync")


def test_a_job_that_stops_at_its_batch_limit_queues_the_rest(synced_app, fake_hubspot):
    app = synced_app(HUBSPOT_ACCESS_TOKEN=None)
    with app.app_context():
        for number in range(101):
            submit_lead(f"many{number:03d}@example.com")
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        assert sync_pending(max_batches=1).synced == 100
        wait_until(lambda: outbox_counts() == {"synced": 101}, what="the continuation")
    assert len(fake_hubspot.contacts) == 101
