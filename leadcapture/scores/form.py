"""The progressive contact-form decision for a visitor, from what the database knows."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.prompts import last_dismissal, prompts_in_session
from leadcapture.rulebook.live import live_rules
from leadcapture.scoring import FormDecision, decide_contact_form
from leadcapture.scoring.vocabulary import CONTACT_FIELDS


def current_lead(visitor_id: str) -> Lead | None:
    """The lead this visitor most recently identified as, if any."""
    return db.session.scalars(
        select(Lead)
        .join(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .where(LeadVisitor.visitor_id == visitor_id)
        .order_by(LeadVisitor.linked_at.desc())
        .limit(1)
    ).first()


def known_contact_fields(visitor_id: str) -> set[str]:
    """The contact fields already known for this visitor (through their lead)."""
    lead = current_lead(visitor_id)
    if lead is None:
        return set()
    return {name for name in CONTACT_FIELDS if getattr(lead, name, None)}


def should_offer_contact_form(
    visitor_id: str, session_id: str, score: int, now: datetime | None = None
) -> FormDecision:
    """Whether to offer the form now and which fields: threshold, unknown fields, the cooldown
    since the last dismissal and the per-session prompt limit, with the live settings."""
    now = now or utcnow()
    dismissed = last_dismissal(visitor_id)
    return decide_contact_form(
        score,
        known_contact_fields(visitor_id),
        live_rules().settings,
        seconds_since_last_dismissal=None if dismissed is None else (now - dismissed).total_seconds(),
        prompts_this_session=prompts_in_session(session_id),
    )
