"""Email through a real SMTP server (aiosmtpd on loopback): sent by a job after the commit, kept in
outgoing_mail, retried when the server fails, logged and kept when no MAIL_SERVER is set."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from leadcapture import mail
from leadcapture.extensions import db
from leadcapture.mail import MAX_ATTEMPTS, deliver, deliver_due, forget_recipient, send_mail
from leadcapture.models import OutgoingMail
from leadcapture.models.types import utcnow
from tests.admin.rules_helpers import finish_jobs
from tests.servers import free_port

TRY_AGAIN = "451 4.3.0 Mailbox busy, try again later"
NO_SUCH_USER = "550 5.1.1 No such user here"


def kept() -> list[OutgoingMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def committed(app, to: str, subject: str, text: str = "Hello.") -> OutgoingMail:
    """A message sent, its transaction committed and its job run."""
    message = send_mail(to, subject, text)
    db.session.commit()
    finish_jobs(app)
    return message


@pytest.fixture
def mail_app(make_app, smtp_server):
    app = make_app(**smtp_server.settings, MAIL_DEFAULT_SENDER="Clinic <clinic@example.com>")
    with app.app_context():
        yield app


def test_a_committed_message_reaches_the_smtp_server_from_a_job(mail_app, smtp_server):
    send_mail("ana@example.com", "Your report", "Plain words.", html="<p>Rich words.</p>")
    finish_jobs(mail_app)
    assert smtp_server.messages == []  # nothing before the commit
    db.session.commit()
    finish_jobs(mail_app)
    [received] = smtp_server.messages
    assert (received["To"], received["From"], received["Subject"]) == (
        "ana@example.com",
        "Clinic <clinic@example.com>",
        "Your report",
    )
    assert received.get_body(("plain",)).get_content().strip() == "Plain words."
    assert received.get_body(("html",)).get_content().strip() == "<p>Rich words.</p>"
    [message] = kept()
    assert (message.status, message.attempts, message.last_error) == ("sent", 1, None)
    assert message.sent_at is not None


def test_a_rolled_back_transaction_sends_nothing(mail_app, smtp_server):
    send_mail("ana@example.com", "Never", "Rolled back.")
    db.session.rollback()
    db.session.commit()
    finish_jobs(mail_app)
    assert smtp_server.messages == [] and kept() == []


def test_a_refused_attempt_is_retried_later_by_the_periodic_job(mail_app, smtp_server):
    smtp_server.inbox.refusals.append(TRY_AGAIN)
    committed(mail_app, "ana@example.com", "Retry me", "Second time lucky.")
    [message] = kept()
    assert (message.status, message.attempts) == ("pending", 1)
    assert "451" in message.last_error and "try again later" in message.last_error
    assert deliver_due() == 0  # not due yet
    assert deliver_due(message.next_attempt_at) == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Retry me"]
    assert kept()[0].status == "sent"


def test_a_permanent_refusal_is_given_up_at_once(mail_app, smtp_server):
    smtp_server.inbox.refusals.append(NO_SUCH_USER)
    committed(mail_app, "nobody@example.com", "Lost", "No one reads this.")
    [message] = kept()
    assert (message.status, message.attempts) == ("failed", 1) and "550" in message.last_error
    assert deliver_due(utcnow() + timedelta(days=1)) == 0


def test_an_unreachable_server_is_retried_with_growing_pauses_then_given_up(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        committed(app, "ana@example.com", "Nowhere", "The server is down.")
        pauses, now = [], utcnow()
        while (message := kept()[0]).status == "pending":
            pauses.append(message.next_attempt_at - now)
            now = message.next_attempt_at
            deliver_due(now)
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert "Connection refused" in message.last_error or "ConnectionRefusedError" in message.last_error
    assert pauses[1:4] == [timedelta(minutes=2), timedelta(minutes=4), timedelta(minutes=8)]
    assert max(pauses) == timedelta(hours=1)


def test_a_message_is_delivered_once_whoever_runs_it(mail_app, smtp_server):
    message = committed(mail_app, "ana@example.com", "Once", "Only once.")
    assert deliver(message.id) is None and deliver_due(utcnow() + timedelta(hours=1)) == 0
    assert len(smtp_server.messages) == 1


def test_a_delivery_in_progress_holds_its_message_until_its_lease_ends(make_app):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    with app.app_context():
        message = send_mail("ana@example.com", "Held", "Held by a worker.")
        message.next_attempt_at = utcnow() + timedelta(minutes=5)  # as a claim leaves it
        db.session.commit()
        finish_jobs(app)
        assert kept()[0].attempts == 0
        assert deliver_due(utcnow() + timedelta(minutes=6)) == 1


def test_without_a_mail_server_a_message_is_logged_and_kept(app_ctx, caplog):
    caplog.set_level(logging.INFO, logger="leadcapture.mail")
    committed(app_ctx, "ana@example.com", "Kept", "Read me in the admin.")
    [message] = kept()
    assert (message.status, message.text_body) == ("logged", "Read me in the admin.")
    assert any("ana@example.com" in r.getMessage() and "Read me" in r.getMessage() for r in caplog.records)


def test_forgetting_a_recipient_deletes_their_messages_only(app_ctx):
    for to in ("Ana@Example.com", "ana@example.com", "bob@example.com"):
        send_mail(to, "Hi", "Hello.")
    db.session.commit()
    finish_jobs(app_ctx)
    assert forget_recipient(" ana@example.COM") == 2
    db.session.commit()
    assert [message.recipient for message in kept()] == ["bob@example.com"]


def test_an_unexpected_error_counts_as_an_attempt_so_the_message_is_given_up_in_the_end(
    mail_app, monkeypatch, caplog
):
    def broken(message):
        raise RuntimeError("a bug in the mail code")

    monkeypatch.setattr(mail, "_transmit", broken)  # the fault injected: no real setting raises this
    committed(mail_app, "ana@example.com", "Unlucky", "Hit by a bug.")
    now = utcnow()
    while (message := kept()[0]).status == "pending":
        now = message.next_attempt_at
        deliver_due(now)
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert message.last_error == "RuntimeError: a bug in the mail code"
    assert "unexpected error" in caplog.text
