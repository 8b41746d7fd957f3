"""open_alert and clear_alert: one open alert per cause until it clears, however many callers race;
each new alert is emailed (text and HTML) to its recipients with the caller's commit, not before."""

from datetime import datetime

from sqlalchemy import func, select

from leadcapture.accounts import ensure_user
from leadcapture.alerts import clear_alert, open_alert
from leadcapture.extensions import db
from leadcapture.models import Notification, OutgoingMail
from tests.admin.signin import PASSWORD
from tests.alerts.helpers import enable, mails_to, notifications, open_ones
from tests.live import at_once

NOW = datetime(2026, 5, 4, 10, 0)


def test_an_alert_opens_once_per_cause_until_it_clears(app_ctx):
    first = open_alert("sync_health", "dead_letters", "3 dead letters", "Retry them.", now=NOW)
    assert first is not None and (first.for_role, first.opened_at) == ("admin", NOW)
    assert open_alert("sync_health", "dead_letters", "4 dead letters", "Again.", now=NOW) is None
    other = open_alert("sync_health", "credentials", "Token rejected", "Fix it.", now=NOW)
    assert other is not None
    db.session.commit()
    assert clear_alert("sync_health", "dead_letters", now=NOW) is True
    assert clear_alert("sync_health", "dead_letters", now=NOW) is False  # nothing open any more
    db.session.commit()
    again = open_alert("sync_health", "dead_letters", "5 dead letters", "Once more.", now=NOW)
    db.session.commit()
    assert again is not None and again.id != first.id
    assert [(n.title, n.cleared_at) for n in notifications("sync_health")] == [
        ("3 dead letters", NOW),
        ("Token rejected", None),
        ("5 dead letters", None),
    ]


def test_a_new_alert_is_emailed_to_the_rule_s_recipients_with_the_commit(app_ctx):
    enable("sync_health", recipients="ops@example.com, Lead@Example.com")
    open_alert("sync_health", "credentials", "HubSpot rejected our credentials", "Fix the token.\n\nSoon.")
    assert mails_to("ops@example.com")[0].status == "pending"  # kept in the transaction
    db.session.rollback()
    assert mails_to("ops@example.com") == [] and notifications() == []  # rolled back together
    open_alert("sync_health", "credentials", "HubSpot rejected our credentials", "Fix the token.\n\nSoon.")
    db.session.commit()
    for address in ("ops@example.com", "lead@example.com"):
        [mail] = mails_to(address)
        assert mail.subject == "HubSpot rejected our credentials"
        assert "Fix the token." in mail.text_body and "http://127.0.0.1:5000/admin/sync" in mail.text_body
        assert "<p>Fix the token.</p><p>Soon.</p>" in mail.html_body
    open_alert("sync_health", "credentials", "Still rejected", "Same cause.")
    db.session.commit()
    assert len(mails_to("ops@example.com")) == 1  # the open alert is not sent again


def test_a_kind_without_a_rule_is_for_the_admins_and_emailed_to_them(app_ctx):
    ensure_user("boss@example.com", PASSWORD, "admin")
    ensure_user("sam@example.com", PASSWORD, "sales")
    alert = open_alert("webhooks", "endpoint:7", "Endpoint disabled", "It failed 20 times.")
    db.session.commit()
    assert (alert.for_role, alert.for_user_id) == ("admin", None)
    [mail] = mails_to("boss@example.com")
    assert "http://127.0.0.1:5000/admin/notifications" in mail.text_body and mails_to("sam@example.com") == []


def test_explicit_recipients_and_audience(app_ctx):
    everyone = open_alert(
        "lead_flow", "quiet", "No leads", "For 4 hours.", for_role=None, recipients=["a@example.com"]
    )
    db.session.commit()
    assert everyone.for_role is None and [m.recipient for m in db.session.scalars(select(OutgoingMail))] == [
        "a@example.com"
    ]


def test_racing_callers_open_one_alert_and_send_one_email(postgres_app):
    with postgres_app.app_context():
        enable("sync_health", recipients="ops@example.com")

    def open_it(_index: int) -> bool:
        with postgres_app.app_context():
            opened = open_alert("sync_health", "pending_age", "Waiting", "Long.") is not None
            db.session.commit()
            return opened

    assert sorted(at_once(8, open_it)) == [False] * 7 + [True]
    with postgres_app.app_context():
        assert list(open_ones()) == ["pending_age"]
        assert len(mails_to("ops@example.com")) == 1
        assert db.session.scalar(select(func.count(Notification.id))) == 1
