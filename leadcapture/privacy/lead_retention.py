"""Leads past retention: a lead with no activity for ``LEAD_RETENTION_DAYS`` (lost leads, or any
other that went quiet), and a lead staff deleted ``DELETED_LEAD_DAYS`` ago, are erased the way a
person's erasure request is (``leadcapture.privacy.erase``): the lead row stays, anonymised, so the
reports keep their counts. Each is logged in the privacy request log before its email is gone.

A lead's activity: its creation and consent, its visitors' visits, staff's status and owner changes
and notes, and its bookings (made, or still to come).
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import exists, func, or_, select

from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, LeadActivity, LeadNote, LeadVisitor, VisitSession
from leadcapture.privacy.erase import erase_lead
from leadcapture.privacy.log import complete_request, log_request

BATCH_LEADS = 100


def inactive_leads(cutoff: datetime):
    """SELECT of the leads (not deleted) with no activity after ``cutoff``."""
    return select(Lead).where(
        Lead.erased_at.is_(None),
        Lead.deleted_at.is_(None),
        Lead.created_at <= cutoff,
        or_(Lead.consent_at.is_(None), Lead.consent_at <= cutoff),
        ~exists().where(
            LeadVisitor.lead_id == Lead.id,
            VisitSession.visitor_id == LeadVisitor.visitor_id,
            VisitSession.last_seen_at > cutoff,
        ),
        ~exists().where(LeadActivity.lead_id == Lead.id, LeadActivity.created_at > cutoff),
        ~exists().where(LeadNote.lead_id == Lead.id, LeadNote.created_at > cutoff),
        ~exists().where(
            Booking.lead_id == Lead.id, or_(Booking.created_at > cutoff, Booking.slot_start > cutoff)
        ),
    )


def deleted_leads_due(cutoff: datetime):
    """SELECT of the leads deleted at or before ``cutoff`` and not erased yet."""
    return select(Lead).where(Lead.erased_at.is_(None), Lead.deleted_at <= cutoff)


def count_inactive_leads(cutoff: datetime) -> int:
    return _count(inactive_leads(cutoff))


def count_deleted_leads_due(cutoff: datetime) -> int:
    return _count(deleted_leads_due(cutoff))


def anonymise_inactive_leads(cutoff: datetime, now: datetime, progress) -> Counter[str]:
    """Erase (anonymise) the inactive leads; a commit each."""
    return _erase_all(inactive_leads(cutoff), now, "no activity since the retention cutoff", progress)


def erase_deleted_leads(cutoff: datetime, now: datetime, progress) -> Counter[str]:
    """Erase the leads deleted before ``cutoff`` for good; a commit each."""
    return _erase_all(deleted_leads_due(cutoff), now, "deleted by staff, not restored in time", progress)


def _erase_all(query, now: datetime, why: str, progress) -> Counter[str]:
    erased, after = Counter(leads=0), 0
    while leads := list(
        db.session.scalars(query.where(Lead.id > after).order_by(Lead.id).limit(BATCH_LEADS))
    ):
        for lead in leads:
            erased["leads"] += _erase(lead, now, why)
            progress(1)
        after = leads[-1].id
    return erased


def _erase(lead: Lead, now: datetime, why: str) -> bool:
    """Erase ``lead``, logged (before its email is gone) as done by retention; whether it was."""
    request = log_request("erase", "retention", lead.email, status="done", outcome=why, now=now)
    result = erase_lead(lead, now)  # commits the log with the erasure; none if erased meanwhile
    if result.found:
        complete_request(request, "done", f"{why}; {result.summary()}", now)
        db.session.commit()
    else:
        db.session.rollback()  # its log entry with it
    return result.found


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))
