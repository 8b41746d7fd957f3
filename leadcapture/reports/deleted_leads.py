"""The leads staff deleted that can still be restored, for the admins' "Deleted leads" page."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Lead, LeadActivity, User


@dataclass(frozen=True)
class DeletedLead:
    id: int
    email: str
    name: str | None
    created_at: datetime
    deleted_at: datetime
    deleted_by: str | None  # None: the account is gone
    restorable_until: datetime


def deleted_leads(restorable_days: int) -> list[DeletedLead]:
    """The deleted leads not erased yet, most recently deleted first, with who deleted each."""
    last_deletion = (
        select(LeadActivity.lead_id, func.max(LeadActivity.id).label("activity_id"))
        .where(LeadActivity.kind == "deleted")
        .group_by(LeadActivity.lead_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Lead.id, Lead.email, Lead.name, Lead.created_at, Lead.deleted_at, User.email)
        .outerjoin(last_deletion, last_deletion.c.lead_id == Lead.id)
        .outerjoin(LeadActivity, LeadActivity.id == last_deletion.c.activity_id)
        .outerjoin(User, User.id == LeadActivity.user_id)
        .where(Lead.deleted_at.is_not(None), Lead.erased_at.is_(None))
        .order_by(Lead.deleted_at.desc(), Lead.id.desc())
    )
    return [DeletedLead(*row, row[4] + timedelta(days=restorable_days)) for row in rows]
