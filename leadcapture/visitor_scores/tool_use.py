"""Scoring a tool use: the visitor's and their lead's stored scores, and the contact-form decision."""

from dataclasses import dataclass
from datetime import datetime

from leadcapture.leads.submitted import fields_given
from leadcapture.models import Lead
from leadcapture.models.visit import RecordedInteraction
from leadcapture.scoring import FormDecision
from leadcapture.scoring_rules.live import LiveRules
from leadcapture.visitor_scores.facts_loader import new_visitor_facts
from leadcapture.visitor_scores.form_decision import current_lead, decide_form
from leadcapture.visitor_scores.store import Scored, store_lead_score, store_visitor_score


@dataclass(frozen=True)
class ScoredUse:
    scored: Scored  # the visitor's own score (their lead's combined one is stored for staff only)
    decision: FormDecision


def score_and_decide(
    recorded: RecordedInteraction, live: LiveRules, now: datetime, captured: Lead | None = None
) -> ScoredUse:
    """Store the visitor's score and their lead's, and decide on the form from the visitor's own
    score and the fields this visitor gave (no commit): nothing in the answer comes from a lead
    that other visitors may have filled in.

    The lead is ``captured`` (the one this use just captured, so the visitor's newest link) or
    the visitor's current one. A visitor created by this transaction has no lead and no
    interactions or sessions but the ones just added: those queries are skipped.
    """
    visit = recorded.visit
    visitor_id = visit.visitor.id
    facts = new_visitor_facts([recorded.interaction], [visit.session], now) if visit.new_visitor else None
    scored = store_visitor_score(visitor_id, now, live, facts)
    lead = captured
    if lead is None and not visit.new_visitor:
        lead = current_lead(visitor_id)
    given: set[str] = set()
    if lead is not None:
        store_lead_score(lead, now, live)
        given = fields_given(visitor_id, lead.id)
    return ScoredUse(scored, decide_form(visit, given, scored.result.score, live, now))
