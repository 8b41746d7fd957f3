"""The common end of every tool use: record, score, decide the contact form, log the prompt."""

from dataclasses import dataclass

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.leads.capture import Captured, capture_lead
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import ContactPrompt
from leadcapture.prompts import offer_prompt
from leadcapture.scores.form import current_lead, should_offer_contact_form
from leadcapture.scores.service import Scored, score_lead, score_visitor
from leadcapture.scoring import FormDecision
from leadcapture.tracking import RecordedInteraction, VisitContext, record_interaction

NOT_TRACKED = FormDecision(False, [], "not_tracked")


@dataclass
class ToolOutcome:
    """What a tool use produced; ``recorded`` is None for staff and bots (nothing is tracked)."""

    result: dict
    recorded: RecordedInteraction | None = None
    scored: Scored | None = None
    decision: FormDecision = NOT_TRACKED
    prompt_id: str | None = None
    captured: Captured | None = None


def complete_tool_use(
    ctx: VisitContext,
    tool: str,
    data: dict,
    result: dict,
    time_on_tool: int | None = None,
    contact: ContactDetails | None = None,
) -> ToolOutcome:
    """Record the interaction, capture the lead when the tool took contact details, score the
    visitor (and their lead) and decide on the progressive form; commits."""
    recorded = record_interaction(ctx, tool, data, time_on_tool)
    if recorded is None:
        return ToolOutcome(result)
    visit = recorded.visit
    captured = capture_lead(visit, contact, recorded.interaction.id, ctx.now) if contact else None
    scored = score_visitor(visit.visitor.id, ctx.now)
    lead = captured.lead if captured else current_lead(visit.visitor.id)
    if lead is not None:
        scored = score_lead(lead, ctx.now)
    decision = should_offer_contact_form(visit.visitor.id, visit.session.id, scored.result.score, ctx.now)
    prompt_id = _prompt_for(recorded, decision, scored.result.score, ctx) if decision.offer else None
    db.session.commit()
    return ToolOutcome(result, recorded, scored, decision, prompt_id, captured)


def _prompt_for(recorded: RecordedInteraction, decision: FormDecision, score: int, ctx: VisitContext) -> str:
    """Log the offer; a repeated submission (double click, reload) shows the prompt already offered."""
    visit = recorded.visit
    if recorded.duplicate:
        offered = db.session.scalar(
            select(ContactPrompt.id)
            .where(ContactPrompt.session_id == visit.session.id, ContactPrompt.status == "offered")
            .order_by(ContactPrompt.offered_at.desc())
            .limit(1)
        )
        if offered:
            return offered
    return offer_prompt(visit.visitor.id, visit.session.id, decision.fields, score, ctx.now).id
