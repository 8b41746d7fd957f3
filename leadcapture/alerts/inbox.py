"""Who sees which notification, the list and the bell's count of unread ones.

A notification is for its user, else for every user of its role, else for all staff; admins see
every one. A user limited to some leads (``SALES_SEE=own``) never sees one about another's lead.
A user's unread ones are those opened since they last opened the notifications page.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select, true, update
from sqlalchemy.orm import aliased

from leadcapture.extensions import db
from leadcapture.models import Lead, Notification, User


@dataclass(frozen=True)
class Reader:
    """The signed-in user, as the inbox needs them."""

    id: int
    role: str
    seen_since: datetime  # notifications opened after this are unread
    lead_scope: int | None = None  # a lead owned by another user is out of a scope (reports.lead_access)


def reader_of(user: User, lead_scope: int | None = None) -> Reader:
    return Reader(user.id, user.role, user.notifications_seen_at or user.created_at, lead_scope)


def visible_to(reader: Reader) -> ColumnElement[bool]:
    """The notifications ``reader`` may see."""
    if reader.role == "admin":
        return true()
    for_anyone_of_role = or_(Notification.for_role.is_(None), Notification.for_role == reader.role)
    mine = or_(
        Notification.for_user_id == reader.id, and_(Notification.for_user_id.is_(None), for_anyone_of_role)
    )
    if reader.lead_scope is None:
        return mine
    lead = aliased(Lead)  # not the lead the list joins
    others_lead = exists().where(
        lead.id == Notification.lead_id, lead.owner_id.is_not(None), lead.owner_id != reader.lead_scope
    )
    return and_(mine, ~others_lead)


def unread_count(reader: Reader) -> int:
    """How many notifications ``reader`` may see were opened since they last looked."""
    query = select(func.count()).where(visible_to(reader), Notification.opened_at > reader.seen_since)
    return db.session.scalar(query)


def with_lead_names(reader: Reader) -> Select[tuple[Notification, str | None]]:
    """The notifications ``reader`` may see, each with its lead's name (None without a lead or a
    name), to filter and order further."""
    return (
        select(Notification, Lead.name)
        .outerjoin(Lead, Lead.id == Notification.lead_id)
        .where(visible_to(reader))
    )


def notifications_for(
    reader: Reader, before: int | None = None, limit: int = 50
) -> list[tuple[Notification, str | None]]:
    """The newest notifications ``reader`` may see (older than the id ``before``), with their
    leads' names."""
    query = with_lead_names(reader).order_by(Notification.id.desc()).limit(limit)
    if before is not None:
        query = query.where(Notification.id < before)
    return [(notification, name) for notification, name in db.session.execute(query)]


def mark_seen(reader: Reader, now: datetime) -> None:
    """Everything opened until ``now`` is read for ``reader`` (commits)."""
    db.session.execute(update(User).where(User.id == reader.id).values(notifications_seen_at=now))
    db.session.commit()
