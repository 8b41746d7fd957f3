"""Leads past retention: a lead with no activity for ``LEAD_RETENTION_DAYS`` (lost leads, or any
other that went quiet), and a lead staff deleted ``DELETED_LEAD_DAYS`` ago, are erased the way a
person's erasure request is (``leadcapture.privacy.erase``): the lead row stays, anonymised, so the
reports keep their counts. Each is logged in the privacy request log before its email is gone.

A lead's activity: its creation and consent, its visitors' visits, staff's status and owner changes
and notes, and its bookings (made, or still to come).
"""

from datetime import datetime

from sqlalchemy import exists, func, or_, select

from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, LeadActivity, LeadNote, LeadVisitor, VisitSession


def inactive_leads(cutoff: datetime):
    """SELECT of the leads (not deleted) with no activity after ``cutoff``."""
    return select(Lead).where(
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
    """SELECT of the leads deleted at or before ``cutoff``."""
    return select(Lead).where(Lead.deleted_at <= cutoff)


def count_inactive_leads(cutoff: datetime) -> int:
    return _count(inactive_leads(cutoff))


def count_deleted_leads_due(cutoff: datetime) -> int:
    return _count(deleted_leads_due(cutoff))


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))
