"""The sync under HubSpot's faults, on an injected clock: setup, missing properties either way,
bisecting a rejected batch, the backoff cap, the dead-letter horizon, notes never twice, scopes."""

from datetime import timedelta

import pytest
from redis import Redis
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.integrations.hubspot import HubSpotGateway
from leadcapture.leads.workflow import add_note
from leadcapture.models import Lead, LeadNote, SyncOutbox, User
from leadcapture.models.types import utcnow
from leadcapture.sync.job import sync_pending
from leadcapture.sync.outbox import record_change
from leadcapture.sync.state import hubspot_state
from leadcapture.sync.upsert import IsolatingUpsert
from tests.admin.signin import signed_in_client
from tests.sync.helpers import outbox_counts, submit_lead

pytestmark = pytest.mark.heavy

FIFTEEN_MINUTES = timedelta(minutes=15)


class Clock:
    """The job's clock, moved by the test."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now


@pytest.fixture
def hubspot_app(make_app, fake_hubspot, redis_server):
    """An app whose retries are queued on a Redis nobody works (the test runs the job itself), whose
    gateway records its in-place retry waits instead of sleeping, and whose rows wait for the test."""
    Redis.from_url(redis_server.url).flushdb()
    app = make_app(
        REDIS_URL=redis_server.url,
        HUBSPOT_BASE_URL=fake_hubspot.url,
        HUBSPOT_RATE_LIMIT="1000 per 10 seconds",
        HUBSPOT_ACCESS_TOKEN=fake_hubspot.token,
    )
    waits: list[float] = []
    client = HubSpotGateway(fake_hubspot.token, fake_hubspot.url, sleep=waits.append, timeout=(1.0, 0.5))
    app.extensions["leadcapture.hubspot_gateway"] = (fake_hubspot.token, client)
    app.extensions["test.waits"] = waits
    yield app
    Redis.from_url(redis_server.url).flushdb()


def pending_row(email: str) -> SyncOutbox:
    return db.session.scalars(
        select(SyncOutbox).join(Lead, Lead.id == SyncOutbox.lead_id).where(Lead.email == email)
    ).one()


def rows_of(email: str) -> list[SyncOutbox]:
    return list(
        db.session.scalars(
            select(SyncOutbox).join(Lead, Lead.id == SyncOutbox.lead_id).where(Lead.email == email)
        )
    )


def requests_to(fake_hubspot, path: str) -> list:
    return [r for r in fake_hubspot.requests if r.path == path]


def test_first_sync_sets_up_every_property_in_a_handful_of_requests_then_remembers(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        submit_lead("first@example.com")
        assert sync_pending().synced == 1
        setup = [r for r in fake_hubspot.requests if "/properties/" in r.path]
        assert len(setup) <= 4
        submit_lead("second@example.com")
        before = len(fake_hubspot.requests)
        assert sync_pending().synced == 1
    assert [r.path for r in fake_hubspot.requests[before:]] == ["/crm/v3/objects/contacts/batch/upsert"]
    assert fake_hubspot.contacts["first@example.com"]["properties"]["leadcapture_score"] == "70"


def test_setup_under_server_errors_retries_in_place_and_counts_no_attempt(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        submit_lead("setup@example.com")
        fake_hubspot.fail_next(3, status=503)
        assert sync_pending().synced == 1
        assert len(hubspot_app.extensions["test.waits"]) == 3
        assert pending_row("setup@example.com").attempts == 1  # the successful upsert only
        fake_hubspot.reset()  # a fresh portal: our properties are gone
        fake_hubspot.fail_next(50, status=502)  # and HubSpot stays down through the setup's tries
        record_change(db.session.scalars(select(Lead)).one(), "score")
        db.session.commit()
        hubspot_state().properties_ready = None
        db.session.commit()
        report = sync_pending()
        row = db.session.scalars(select(SyncOutbox).where(SyncOutbox.status == "pending")).one()
        assert report.stopped == "setting up properties"
        assert (row.attempts, row.failing_since) == (0, None)


def test_missing_property_reported_per_input_sets_up_and_syncs(hubspot_app, fake_hubspot):
    fake_hubspot.report_missing_properties_per_input(True)
    with hubspot_app.app_context():
        submit_lead("per-input@example.com")
        assert sync_pending().synced == 1  # properties ready
        fake_hubspot.reset()  # HubSpot lost our properties; we still think they are there
        fake_hubspot.report_missing_properties_per_input(True)
        record_change(db.session.scalars(select(Lead)).one(), "score")
        db.session.commit()
        report = sync_pending()
        assert (report.synced, report.dead) == (1, 0)
    upserts = requests_to(fake_hubspot, "/crm/v3/objects/contacts/batch/upsert")
    assert [r.status for r in upserts] == [207, 200]
    assert fake_hubspot.contacts["per-input@example.com"]["properties"]["leadcapture_score"] == "70"


def test_missing_property_for_the_whole_batch_sets_up_and_syncs(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        submit_lead("whole@example.com")
        sync_pending()
        fake_hubspot.reset()
        record_change(db.session.scalars(select(Lead)).one(), "score")
        db.session.commit()
        assert sync_pending().synced == 1
    upserts = requests_to(fake_hubspot, "/crm/v3/objects/contacts/batch/upsert")
    assert [r.status for r in upserts] == [400, 200]


def test_a_rejected_batch_is_split_until_the_bad_input_is_alone(hubspot_app, fake_hubspot):
    fake_hubspot.reject_whole_batch_on_invalid_values(True)
    with hubspot_app.app_context():
        for number in range(7):
            submit_lead(f"fine{number}@example.com")
        bad = Lead(email="not-an-email", status="new", score=10, engagement_level="low", score_breakdown=[])
        db.session.add(bad)
        db.session.flush()
        record_change(bad, "created")
        db.session.commit()
        report = sync_pending()
        dead = db.session.scalars(select(SyncOutbox).where(SyncOutbox.status == "dead")).one()
        assert (report.synced, report.dead) == (7, 1)
        assert dead.lead_id == bad.id and "not-an-email" in dead.last_error
    assert sorted(fake_hubspot.contacts) == [f"fine{number}@example.com" for number in range(7)]
    sizes = [r.batch_size for r in requests_to(fake_hubspot, "/crm/v3/objects/contacts/batch/upsert")]
    assert sizes[0] == 8 and sizes.count(1) == 2 and len(sizes) <= 7  # halves of halves, not one by one


def test_a_rejected_batch_naming_its_bad_inputs_sends_the_others_again(fake_hubspot):
    upsert = IsolatingUpsert(
        HubSpotGateway(fake_hubspot.token, fake_hubspot.url), lambda: pytest.fail("nothing is missing")
    )
    twice = {"1": {"email": "twice@example.com"}, "2": {"email": "TWICE@example.com"}}
    result = upsert({**twice, "3": {"email": "once@example.com"}})
    assert set(result.errors) == {"1", "2"} and "Duplicate IDs" in result.errors["1"]
    assert set(result.contact_ids) == {"3"} and list(fake_hubspot.contacts) == ["once@example.com"]
    sizes = [r.batch_size for r in requests_to(fake_hubspot, "/crm/v3/objects/contacts/batch/upsert")]
    assert sizes == [3, 1]


def synced_lead_with_a_pending_change(email: str) -> Clock:
    """A lead HubSpot has, with a change waiting; the job's clock, at that moment."""
    submit_lead(email)
    clock = Clock()
    sync_pending(clock=clock)
    record_change(db.session.scalars(select(Lead)).one(), "score")
    db.session.commit()
    return clock


def test_an_outage_backs_off_at_most_15_minutes_apart_and_heals_by_itself(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        clock = synced_lead_with_a_pending_change("outage@example.com")
        fake_hubspot.set_failure_rate(1.0)
        outage_ends = clock.now + timedelta(hours=1)
        gaps = []
        while clock.now < outage_ends:
            sync_pending(clock=clock)
            row = pending_row_latest()
            gaps.append(row.next_attempt_at - clock.now)
            clock.now = row.next_attempt_at
        fake_hubspot.set_failure_rate(0.0)
        sync_pending(clock=clock)
        row = pending_row_latest()
        assert row.status == "synced" and clock.now - outage_ends <= FIFTEEN_MINUTES
    assert max(gaps) <= FIFTEEN_MINUTES and max(gaps) >= FIFTEEN_MINUTES / 2  # capped, and reached the cap
    assert gaps[0] < timedelta(seconds=10)  # the first retry comes quickly


def pending_row_latest() -> SyncOutbox:
    return db.session.scalars(select(SyncOutbox).order_by(SyncOutbox.id.desc()).limit(1)).one()


def test_rows_are_dead_lettered_only_after_72_hours_of_failures(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        clock = synced_lead_with_a_pending_change("horizon@example.com")
        fake_hubspot.set_failure_rate(1.0, statuses=(500, 503, 504))
        row = pending_row_latest()
        started = (
            row.created_at
        )  # the 72 hours count from the change (written a moment after the clock began)
        while row.status == "pending":
            sync_pending(clock=clock)
            row = pending_row_latest()
            if row.status == "pending":
                assert clock.now - started < timedelta(hours=72)
                clock.now = row.next_attempt_at
        assert row.status == "dead" and "72 hours" in row.last_error
        assert timedelta(hours=72) <= clock.now - started <= timedelta(hours=72) + FIFTEEN_MINUTES


def test_a_note_reaches_the_contact_once_even_when_its_create_timed_out(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        lead = submit_lead("noted@example.com")
        sales = User(email="sam@example.com", role="sales", password_hash="x")
        db.session.add(sales)
        db.session.commit()
        clock = Clock()
        sync_pending(clock=clock)
        add_note(db.session.get(Lead, lead.id), "Called, wants botox in May.", sales)
        clock.now = utcnow()
        fake_hubspot.set_latency(0.8)  # slower than our 0.5 s read timeout: HubSpot creates it anyway
        sync_pending(clock=clock)
        row = db.session.scalars(select(SyncOutbox).where(SyncOutbox.note_id.is_not(None))).one()
        assert row.status == "pending" and row.outcome_unknown
        fake_hubspot.set_latency(0)
        clock.now = row.next_attempt_at
        sync_pending(clock=clock)
        row = db.session.scalars(select(SyncOutbox).where(SyncOutbox.note_id.is_not(None))).one()
        note = db.session.scalars(select(LeadNote)).one()
        contact_id = db.session.get(Lead, lead.id).hubspot_contact_id
        assert row.status == "synced" and note.hubspot_note_id
    notes = fake_hubspot.notes
    assert len(notes) == 1
    assert notes[0]["properties"]["hs_note_body"] == "Called, wants botox in May."
    assert notes[0]["contacts"] == [contact_id]


def test_a_missing_scope_on_setup_is_named_on_the_sync_page(hubspot_app, fake_hubspot):
    fake_hubspot.deny_scopes({"crm.schemas.contacts.write"})
    with hubspot_app.app_context():
        submit_lead("scope@example.com")
        assert sync_pending().stopped == "credentials rejected"
        assert outbox_counts() == {"pending": 1}
        assert pending_row("scope@example.com").attempts == 0
    page = signed_in_client(hubspot_app).get("/admin/sync").get_data(as_text=True)
    assert "credentials rejected" in page and "crm.schemas.contacts.write" in page


def test_the_sync_page_shows_the_oldest_pending_age_and_the_next_attempt(hubspot_app, fake_hubspot):
    with hubspot_app.app_context():
        submit_lead("waiting@example.com")
        row = pending_row("waiting@example.com")
        row.created_at -= timedelta(minutes=42)
        row.next_attempt_at = utcnow() + timedelta(minutes=5, seconds=30)
        db.session.commit()
    page = signed_in_client(hubspot_app).get("/admin/sync").get_data(as_text=True)
    assert 'data-testid="oldest-pending-age">42 min<' in page
    assert 'data-testid="next-attempt">5 min<' in page
