"""The progressive contact-form decision for a visit, from what the database knows."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, LeadVisitor
from leadcapture.models.visit import Visit
from leadcapture.prompts import last_dismissal, prompts_in_session
from leadcapture.scoring import FormDecision, decide_contact_form
from leadcapture.scoring_rules.live import LiveRules


def current_lead(visitor_id: str) -> Lead | None:
    """The lead this visitor most recently identified as, if any."""
    return db.session.scalars(
        select(Lead)
        .join(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .where(LeadVisitor.visitor_id == visitor_id)
        .order_by(LeadVisitor.linked_at.desc())
        .limit(1)
    ).first()


def decide_form(visit: Visit, given: set[str], score: int, live: LiveRules, now: datetime) -> FormDecision:
    """Whether to offer the form now and which fields: the live threshold, the fields this visitor
    has not ``given`` yet (``leads.submitted.fields_given``; never what their lead holds from other
    visitors), the cooldown since the visitor's last dismissal and the per-session prompt limit.

    A visitor or session created by this transaction has no dismissal or prompt yet: those
    queries are skipped.
    """
    dismissed = None if visit.new_visitor else last_dismissal(visit.visitor.id)
    return decide_contact_form(
        score,
        given,
        live.settings,
        seconds_since_last_dismissal=None if dismissed is None else (now - dismissed).total_seconds(),
        prompts_this_session=0 if visit.new_session else prompts_in_session(visit.session.id),
    )
