"""Opening and clearing alerts: at most one open notification per (kind, cause), enforced by a
partial unique index, so two workers noticing the same cause at once open it once; each new one is
emailed to its recipients in the same transaction (``leadcapture.mail``: sent after the commit)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, render_template
from sqlalchemy import select, update

from leadcapture.alerts.kinds import KINDS, audience_of
from leadcapture.alerts.rules import rule_recipients
from leadcapture.extensions import db
from leadcapture.mail import send_mail
from leadcapture.models import Notification, User
from leadcapture.models.alerts import OPEN_NOTIFICATION
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert

# ``for_role`` left out: the kind's audience (``kinds.audience_of``).
KIND_AUDIENCE = object()


@dataclass(frozen=True)
class AlertMail:
    text: str
    html: str


def open_alert(
    kind: str,
    cause: str,
    title: str,
    body: str,
    *,
    lead_id: int | None = None,
    for_user_id: int | None = None,
    for_role: str | None = KIND_AUDIENCE,
    details: list[dict] | None = None,
    recipients: Iterable[str] | None = None,
    now: datetime | None = None,
) -> Notification | None:
    """Open an alert of ``kind`` for ``cause`` (e.g. ``"endpoint:7"``) unless one is open: the new
    notification, emailed to ``recipients`` (default: the kind's rule's recipients; every active
    admin for a kind without a rule), or None when that cause is already open. No commit: the alert
    and its emails go with the caller's change. ``details``: a hot lead's score breakdown,
    ``[{"rule", "points", "why"}]``, shown beside the body.

    It is for the user ``for_user_id``, else for staff with ``for_role`` (default: the kind's
    audience; None: all staff); admins see every alert."""
    values = {
        "kind": kind,
        "cause": cause[:255],
        "title": title[:300],
        "body": body,
        "details": details,
        "lead_id": lead_id,
        "for_user_id": for_user_id,
        "for_role": audience_of(kind) if for_role is KIND_AUDIENCE else for_role,
        "opened_at": now or utcnow(),
    }
    statement = (
        dialect_insert(Notification)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["kind", "cause"], index_where=OPEN_NOTIFICATION)
        .returning(Notification)
    )
    notification = db.session.scalars(statement).first()
    if notification is None:
        return None
    mail = alert_mail(notification)
    addresses = _recipients_of(kind) if recipients is None else recipients
    for address in dict.fromkeys(addresses):
        send_mail(address, title, mail.text, mail.html)
    return notification


def _recipients_of(kind: str) -> list[str]:
    if kind in KINDS:
        return list(rule_recipients(kind))
    return list(db.session.scalars(select(User.email).where(User.role == "admin", User.active)))


def clear_alert(kind: str, cause: str, now: datetime | None = None) -> bool:
    """Clear the open alert of ``kind`` for ``cause``; whether there was one. No commit. The next
    ``open_alert`` of that cause opens (and emails) a new one."""
    return bool(clear_alerts(kind, [cause], now))


def clear_alerts(kind: str, causes: Iterable[str], now: datetime | None = None) -> int:
    """Clear the open alerts of ``kind`` for ``causes``; how many. No commit."""
    causes = list(causes)
    if not causes:
        return 0
    statement = (
        update(Notification)
        .where(Notification.kind == kind, Notification.cause.in_(causes), Notification.cleared_at.is_(None))
        .values(cleared_at=now or utcnow())
    )
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


def open_causes(kind: str) -> set[str]:
    """The causes of ``kind`` with an open alert."""
    query = select(Notification.cause).where(Notification.kind == kind, Notification.cleared_at.is_(None))
    return set(db.session.scalars(query))


def link_path(kind: str, lead_id: int | None) -> str:
    """Where a notification leads in the admin: its lead's page, else its kind's page."""
    if lead_id is not None:
        return f"/admin/leads/{lead_id}"
    known = KINDS.get(kind)
    return known.page if known else "/admin/notifications"


def admin_link(kind: str, lead_id: int | None) -> str:
    """``link_path`` as an absolute address on PUBLIC_BASE_URL, for emails."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + link_path(kind, lead_id)


def alert_mail(notification: Notification) -> AlertMail:
    """An alert's email, text and HTML: its title, body (paragraphs split by blank lines), its
    details as a table, and the link into the admin."""
    context = {
        "title": notification.title,
        "body": notification.body,
        "details": notification.details or [],
        "link": admin_link(notification.kind, notification.lead_id),
        "clinic": current_app.config["CLINIC_NAME"],
    }
    return AlertMail(
        render_template("alerts/alert_mail.txt", **context),
        render_template("alerts/alert_mail.html", **context),
    )
