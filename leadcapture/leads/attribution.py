"""First-touch and converting-touch attribution of a lead, copied from sessions."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ATTRIBUTION_FIELDS, Lead, LeadVisitor, VisitSession


def earliest_session(lead_id: int) -> VisitSession | None:
    """The first session of any visitor linked to the lead."""
    return db.session.scalars(
        select(VisitSession)
        .join(LeadVisitor, LeadVisitor.visitor_id == VisitSession.visitor_id)
        .where(LeadVisitor.lead_id == lead_id)
        .order_by(VisitSession.started_at)
        .limit(1)
    ).first()


def set_touch(lead: Lead, prefix: str, session: VisitSession) -> None:
    """Copy ``session``'s campaign fields onto the lead's ``first_``/``converting_`` columns."""
    for name in ATTRIBUTION_FIELDS:
        setattr(lead, f"{prefix}_{name}", getattr(session, name))


def attribute(lead: Lead, converting: VisitSession) -> None:
    """First touch: the earliest session of all the lead's visitors (another device may reveal an
    earlier one). Converting touch: the session of the first submission, kept afterwards."""
    first = earliest_session(lead.id) or converting
    set_touch(lead, "first", first)
    if lead.converting_landing_page is None and lead.converting_referrer_class is None:
        set_touch(lead, "converting", converting)
