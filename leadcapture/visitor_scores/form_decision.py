"""The progressive contact-form decision for a visitor, from what the database knows."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.prompts import last_dismissal, prompts_in_session
from leadcapture.scoring import FormDecision, decide_contact_form
from leadcapture.scoring.vocabulary import CONTACT_FIELDS
from leadcapture.scoring_rules.live import LiveRules, live_rules


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
    return contact_fields_of(current_lead(visitor_id))


def contact_fields_of(lead: Lead | None) -> set[str]:
    """The contact fields ``lead`` holds (none without a lead)."""
    if lead is None:
        return set()
    return {name for name in CONTACT_FIELDS if getattr(lead, name, None)}


# ``lead`` not given: look the visitor's current lead up.
LOOK_UP = object()


def should_offer_contact_form(
    visitor_id: str,
    session_id: str,
    score: int,
    now: datetime | None = None,
    *,
    live: LiveRules | None = None,
    lead: Lead | None | object = LOOK_UP,
    new_visitor: bool = False,
    new_session: bool = False,
) -> FormDecision:
    """Whether to offer the form now and which fields: threshold, unknown fields, the cooldown
    since the last dismissal and the per-session prompt limit, with the live settings.

    A caller that already has them passes the live rules and the visitor's current ``lead``
    (None: no lead). ``new_visitor`` / ``new_session``: created by this transaction, so they
    have no dismissal / no prompt yet, and the queries for those are skipped.
    """
    now = now or utcnow()
    dismissed = None if new_visitor else last_dismissal(visitor_id)
    known = known_contact_fields(visitor_id) if lead is LOOK_UP else contact_fields_of(lead)
    return decide_contact_form(
        score,
        known,
        (live or live_rules()).settings,
        seconds_since_last_dismissal=None if dismissed is None else (now - dismissed).total_seconds(),
        prompts_this_session=0 if new_session else prompts_in_session(session_id),
    )
