"""Admin sessions end after 30 minutes without a request and 12 hours after sign-in (both settings):
the next admin request signs out and goes to the sign-in page with a message. Time is a hand-moved
clock, never a sleep."""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from leadcapture.blueprints.admin.session_timeout import SIGNED_IN_AT
from leadcapture.extensions import db
from leadcapture.models import LeadNote
from tests.admin.lead_data import make_lead
from tests.admin.signin import signed_in_client
from tests.clock import ManualClock

pytestmark = pytest.mark.heavy

IDLE_MESSAGE = "You were signed out after 30 minutes without activity. Please sign in again."
LONG_MESSAGE = "Your session has ended: sessions last at most 12 hours. Please sign in again."


@pytest.fixture
def clock(monkeypatch):
    clock = ManualClock()
    monkeypatch.setattr("leadcapture.blueprints.admin.session_timeout.time", SimpleNamespace(time=clock))
    return clock


def sent_to_sign_in(response, back: str | None = None) -> bool:
    """A redirect to the sign-in page, which leads back to ``back`` (None: nowhere) after it."""
    where = urlsplit(response.location or "")
    back_to = parse_qs(where.query).get("next")
    return (
        response.status_code == 302 and where.path == "/admin/login" and back_to == ([back] if back else None)
    )


def test_an_active_session_lasts_and_an_idle_one_ends_with_a_message(app, clock):
    client = signed_in_client(app, "sales")
    for _ in range(3):
        clock.advance(29 * 60)  # each request starts the idle time again
        assert client.get("/admin/leads").status_code == 200
    clock.advance(30 * 60)
    response = client.get("/admin/leads?status=new")
    assert sent_to_sign_in(response, back="/admin/leads?status=new")
    sign_in_page = client.get(response.location).get_data(as_text=True)
    assert IDLE_MESSAGE in sign_in_page
    # Signed out: the next request is an ordinary sign-in redirect, the message shown once.
    again = client.get("/admin/leads")
    assert again.status_code == 302 and again.location.startswith("/admin/login")
    assert IDLE_MESSAGE not in client.get("/admin/login").get_data(as_text=True)


def test_a_session_ends_twelve_hours_after_sign_in_however_active(app, clock):
    client = signed_in_client(app, "admin")
    for _ in range(12 * 3 - 1):
        clock.advance(20 * 60)
        assert client.get("/admin/").status_code == 200
    clock.advance(20 * 60)
    response = client.get("/admin/")
    assert sent_to_sign_in(response, back="/admin/")
    assert LONG_MESSAGE in client.get("/admin/login").get_data(as_text=True)
    # Signing in again starts a new session.
    assert signed_in_client(app, "admin").get("/admin/").status_code == 200


def test_the_limits_are_settings(make_app, clock):
    app = make_app(ADMIN_IDLE_TIMEOUT_MINUTES=5, ADMIN_SESSION_HOURS=1)
    client = signed_in_client(app, "admin")
    clock.advance(4 * 60)
    assert client.get("/admin/").status_code == 200
    clock.advance(5 * 60)
    assert sent_to_sign_in(client.get("/admin/"), back="/admin/")
    client = signed_in_client(app, "admin")
    for _ in range(14):
        clock.advance(4 * 60)
        assert client.get("/admin/").status_code == 200
    clock.advance(4 * 60)
    response = client.get("/admin/")
    assert sent_to_sign_in(response, back="/admin/")
    assert "sessions last at most 1 hours" in client.get("/admin/login").get_data(as_text=True)


def test_a_form_sent_after_the_timeout_changes_nothing(app, clock):
    with app.app_context():
        lead_id = make_lead("ann@example.com").id
        db.session.commit()
    client = signed_in_client(app, "sales")
    clock.advance(31 * 60)
    response = client.post(f"/admin/leads/{lead_id}/notes", data={"text": "Called back."})
    assert sent_to_sign_in(response)
    with app.app_context():
        assert db.session.scalars(select(LeadNote)).all() == []


def test_no_remember_cookie_and_a_session_without_its_start_counts_as_ended(app, clock):
    client = signed_in_client(app, "sales")
    assert client.get_cookie("remember_token") is None
    # As a session restored from a remember cookie, or made before this rule, would be.
    with client.session_transaction() as session:
        del session[SIGNED_IN_AT]
    assert sent_to_sign_in(client.get("/admin/"), back="/admin/")
    assert LONG_MESSAGE in client.get("/admin/login").get_data(as_text=True)
