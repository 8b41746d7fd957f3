"""Email for reports, alerts and privacy links: ``send_mail`` keeps the message in ``outgoing_mail``
and a job delivers it once the caller commits, through Flask-Mailman's SMTP backend, or only to the
log when ``MAIL_SERVER`` is unset (the admin's Mail page shows it either way). A failed attempt is
retried with backoff by the periodic ``send-due-mail`` job, so a slow or absent SMTP server never
slows a request nor loses a message.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from leadcapture.extensions import db, mailman
from leadcapture.jobs.attempts import attempt_within, claim, due_ids
from leadcapture.jobs.dispatch import enqueue
from leadcapture.listeners import listen_once
from leadcapture.models import OutgoingMail
from leadcapture.models.types import utcnow

log = logging.getLogger(__name__)
QUEUED_KEY = "leadcapture.mail_ids"
# A delivery in progress holds its row this long; one whose worker died is then due again.
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# 1 + 2 + 4 + … minutes, then hourly: about 5 hours of failing before a message is given up.
MAX_ATTEMPTS = 10
# Well inside the periodic job's timeout even when every attempt waits MAIL_TIMEOUT.
DUE_SECONDS = 120
SEND_ERRORS = (smtplib.SMTPException, OSError, ValueError)


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> OutgoingMail:
    """Keep a message for ``to`` and send it from a job once the caller commits (no commit here): a
    rolled-back transaction sends nothing. ``html``, when given, is the message's HTML alternative."""
    now = utcnow()
    message = OutgoingMail(
        recipient=to,
        subject=subject,
        text_body=text,
        html_body=html,
        status="pending",
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    db.session.flush()  # its id, for the caller
    return message


def deliver(mail_id: int, now: datetime | None = None) -> str | None:
    """The job: send one kept message unless it is done or another delivery holds it; returns its
    new status (None when there was nothing to do). Commits."""
    now = now or utcnow()
    if not claim(OutgoingMail, mail_id, now, LEASE):
        return None
    message = db.session.get(OutgoingMail, mail_id)
    try:
        message.status = _transmit(message)
    except SEND_ERRORS as error:
        _record_failure(message, error, now)
    # A bug or a bad setting: counted too, so the message ends given up, not retried for ever.
    except Exception as error:
        log.exception("mail %s: unexpected error", message.id)
        _record_failure(message, error, now)
    else:
        message.sent_at, message.last_error = now, None
    message.attempts += 1
    db.session.commit()
    return message.status


def deliver_due(now: datetime | None = None) -> int:
    """The periodic job: deliver the messages that are due (first tries a lost job never made,
    retries); returns how many were attempted."""
    now = now or utcnow()
    return attempt_within(DUE_SECONDS, due_ids(OutgoingMail, now), lambda mail_id: deliver(mail_id, now))


def retry(mail_id: int) -> bool:
    """Queue a given-up message again, with a fresh count of attempts (commits)."""
    again = (
        update(OutgoingMail)
        .where(OutgoingMail.id == mail_id, OutgoingMail.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=utcnow())
    )
    queued = db.session.execute(again).rowcount == 1
    db.session.commit()
    if queued:
        enqueue("send-mail", mail_id)
    return queued


def recent_mail(before: int | None = None, limit: int = 50) -> list[OutgoingMail]:
    """The newest messages (older than the id ``before``, for the next page), newest first."""
    query = select(OutgoingMail).order_by(OutgoingMail.id.desc()).limit(limit)
    if before is not None:
        query = query.where(OutgoingMail.id < before)
    return list(db.session.scalars(query))


def forget_recipient(email: str) -> int:
    """Delete every kept message to ``email`` (any letter case), for an erasure; no commit."""
    gone = delete(OutgoingMail).where(func.lower(OutgoingMail.recipient) == email.strip().lower())
    return db.session.execute(gone).rowcount


def _transmit(message: OutgoingMail) -> str:
    config = current_app.config
    if not config["MAIL_SERVER"]:
        log.info(
            "MAIL_SERVER is unset: mail %s kept for the Mail page, not sent.\nTo: %s\nSubject: %s\n\n%s",
            message.id,
            message.recipient,
            message.subject,
            message.text_body,
        )
        return "logged"
    email = EmailMultiAlternatives(
        message.subject, message.text_body, config["MAIL_DEFAULT_SENDER"], [message.recipient]
    )
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    # As a context manager the backend closes its connection after a failure too.
    with mailman.get_connection(backend="smtp", timeout=config["MAIL_TIMEOUT"]) as connection:
        connection.send_messages([email])
    return "sent"


def _record_failure(message: OutgoingMail, error: Exception, now: datetime) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if _permanent(error) or message.attempts + 1 >= MAX_ATTEMPTS:
        message.status = "failed"
        log.error("mail %s to %s given up: %s", message.id, message.recipient, message.last_error)
        return
    message.next_attempt_at = now + min(FIRST_RETRY * 2**message.attempts, LONGEST_RETRY)
    log.warning(
        "mail %s not sent, retried at %s: %s", message.id, message.next_attempt_at, message.last_error
    )


def _permanent(error: Exception) -> bool:
    """A refusal no retry can change (5xx: a bad address, bad credentials), or an address that
    cannot even be written down."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, ValueError) or getattr(error, "smtp_code", 0) >= 500


def init_app(app: Flask) -> None:
    """Queue the delivery of the messages a transaction kept once it commits."""
    listen_once(Session, "after_flush", _remember_new_mail)
    listen_once(Session, "after_commit", _queue_committed_mail)
    listen_once(Session, "after_rollback", _forget_rolled_back_mail)


def _remember_new_mail(session: Session, _context) -> None:
    ids = [row.id for row in session.new if isinstance(row, OutgoingMail)]
    if ids:
        session.info.setdefault(QUEUED_KEY, []).extend(ids)


def _queue_committed_mail(session: Session) -> None:
    ids = session.info.pop(QUEUED_KEY, [])
    if ids and has_app_context():
        for mail_id in ids:
            enqueue("send-mail", mail_id)


def _forget_rolled_back_mail(session: Session) -> None:
    session.info.pop(QUEUED_KEY, None)
