"""Alert rules switched on, and what the alerts left behind: notifications and kept emails."""

from sqlalchemy import select

from leadcapture.alerts.rules import save_rule
from leadcapture.extensions import db
from leadcapture.models import Notification, OutgoingMail


def enable(kind: str, recipients: str = "", **thresholds) -> None:
    """Switch the rule of ``kind`` on with ``thresholds`` (the others at their defaults); commits."""
    save_rule(kind, True, thresholds, recipients, None)


def notifications(kind: str | None = None) -> list[Notification]:
    """Every notification (of ``kind``), oldest first."""
    db.session.expire_all()
    query = select(Notification).order_by(Notification.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return list(db.session.scalars(query))


def open_ones(kind: str | None = None) -> dict[str, Notification]:
    """The open notifications (of ``kind``) by cause."""
    return {n.cause: n for n in notifications(kind) if n.cleared_at is None}


def mails_to(address: str) -> list[OutgoingMail]:
    """The kept emails to ``address``, oldest first."""
    db.session.expire_all()
    query = select(OutgoingMail).where(OutgoingMail.recipient == address).order_by(OutgoingMail.id)
    return list(db.session.scalars(query))
