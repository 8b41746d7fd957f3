"""The admin's sync page: not configured, credentials rejected, dead letters and retry buttons."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, SyncOutbox
from leadcapture.sync.job import sync_pending
from leadcapture.sync.state import record_credentials
from tests.admin.signin import signed_in_client
from tests.sync.helpers import outbox_counts, submit_lead, wait_until


def test_not_configured_is_said_and_rows_wait(app):
    client = signed_in_client(app)
    with app.app_context():
        submit_lead("wait@example.com")
    page = client.get("/admin/sync").get_data(as_text=True)
    assert "HubSpot not configured" in page
    assert 'data-testid="count-pending">1<' in page


def test_credentials_rejected_is_shown(app):
    client = signed_in_client(app)
    with app.app_context():
        record_credentials(False, "HubSpot credentials rejected (401): Authentication credentials not found")
        db.session.commit()
    app.config["HUBSPOT_ACCESS_TOKEN"] = "some-token"
    assert "HubSpot credentials rejected" in client.get("/admin/sync").get_data(as_text=True)


def test_dead_letter_is_listed_and_retried(make_app, fake_hubspot):
    app = make_app(HUBSPOT_BASE_URL=fake_hubspot.url, HUBSPOT_RATE_LIMIT="1000 per 10 seconds")
    client = signed_in_client(app)
    with app.app_context():
        bad = Lead(email="not-an-email", status="new", score=0, engagement_level="low", score_breakdown=[])
        db.session.add(bad)
        db.session.commit()  # a new lead: an outbox row
        app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
        sync_pending()
    page = client.get("/admin/sync").get_data(as_text=True)
    assert 'data-testid="count-dead">1<' in page and "not-an-email" in page and "invalid" in page.lower()
    with app.app_context():
        row = db.session.scalars(select(SyncOutbox)).one()
        row_id = row.id
        db.session.get(Lead, row.lead_id).email = "fixed@example.com"  # a change: a row of its own
        db.session.commit()
    client.post("/admin/sync/retry", data={"row_id": str(row_id)})
    with app.app_context():
        wait_until(lambda: outbox_counts() == {"synced": 2}, what="the retried row")
    assert "fixed@example.com" in fake_hubspot.contacts


def test_only_admins_see_the_sync_page(app):
    assert app.test_client().get("/admin/sync").status_code == 302
    assert signed_in_client(app, "sales").get("/admin/sync").status_code == 403
