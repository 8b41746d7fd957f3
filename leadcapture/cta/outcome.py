"""The common end of every tool use: record, capture, score and decide the contact form, log the prompt."""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import select

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.experiments.changes import target_kind
from leadcapture.experiments.effects import decides_form, form_copy, form_settings, result_layout
from leadcapture.experiments.exposure import NOTHING, Assignment, assign, expose, named, show
from leadcapture.extensions import db
from leadcapture.leads.capture import Captured, capture_lead
from leadcapture.leads.contact import ContactDetails
from leadcapture.media import keep_media
from leadcapture.models import ContactPrompt
from leadcapture.models.commit import commit_keeping_state
from leadcapture.prompts import offer_prompt
from leadcapture.scoring import FormDecision
from leadcapture.scoring_rules.live import LiveRules, live_rules
from leadcapture.tools.attachments import Attachment
from leadcapture.tracking import RecordedInteraction, VisitContext, is_person, record_interaction
from leadcapture.visitor_scores.store import Scored
from leadcapture.visitor_scores.tool_use import ScoredUse, score_and_decide

NOT_TRACKED = FormDecision(False, [], "not_tracked")


@dataclass
class ToolOutcome:
    """What a tool use produced; ``recorded`` is None for staff, bots and visitors who have not
    allowed analytics (nothing is tracked)."""

    result: dict
    recorded: RecordedInteraction | None = None
    scored: Scored | None = None
    decision: FormDecision = NOT_TRACKED
    prompt_id: str | None = None
    captured: Captured | None = None
    # What the experiments on its result and contact form made it show.
    shown: tuple[Assignment, ...] = ()

    def changes(self, kind: str) -> Mapping[str, object]:
        """The changes applied to the ``kind`` of target (``result_page``, ``contact_form``)."""
        return next((a.changes for a in self.shown if target_kind(a.target) == kind), NOTHING)

    @property
    def experiments(self) -> dict[str, str]:
        """``{experiment key: variant}`` of the experiments this answer showed."""
        return named(*self.shown)

    @property
    def result_layout(self) -> str:
        return result_layout(self.changes("result_page"))

    @property
    def form_copy(self) -> dict[str, str]:
        return form_copy(self.changes("contact_form"))


def complete_tool_use(
    ctx: VisitContext,
    tool: str,
    data: dict,
    result: dict,
    time_on_tool: int | None = None,
    contact: ContactDetails | None = None,
    live: LiveRules | None = None,
    media: Attachment | None = None,
) -> ToolOutcome:
    """Record the interaction, keep its ``media`` for staff, capture the lead when the tool took
    contact details, score the visitor (and their lead) and decide on the progressive form (as the
    contact form's experiment has it), log the offer and the experiments' exposures; commits, once,
    all of it. The live rules are looked up once for the whole use (``live``:
    the caller already did). Nothing is kept for staff and bots (no visitor to link it to), nor
    for a repeated submission (its first one was)."""
    # First: on a database without rules this publishes the defaults, with a commit of its own.
    live = live or live_rules()
    recorded = record_interaction(ctx, tool, data, time_on_tool, commit=False)
    layout = show(ctx, recorded.visit if recorded else None, f"result_page:{tool}")
    if recorded is None:
        # Without analytics consent a person's contact details still make a lead (linked to no visitor).
        captured = (
            capture_scored_lead(None, contact, now=ctx.now, live=live) if contact and is_person(ctx) else None
        )
        return ToolOutcome(result, captured=captured, shown=(layout,))
    if media is not None and not recorded.duplicate:
        keep_media(media, recorded.visit.visitor.id, recorded.interaction.id, ctx.now)
    captured = None
    if contact:
        captured = capture_lead(recorded.visit, contact, recorded.interaction.id, ctx.now)
    form = assign(ctx, recorded.visit, "contact_form")
    form_live = replace(live, settings=form_settings(live.settings, form.changes))
    use = score_and_decide(recorded, form_live, ctx.now, captured.lead if captured else None)
    if use.decision.offer or decides_form(form.experiment):
        form = expose(form, ctx, recorded.visit)
    prompt_id = _prompt_for(recorded, use, ctx) if use.decision.offer else None
    commit_keeping_state()
    return ToolOutcome(result, recorded, use.scored, use.decision, prompt_id, captured, (layout, form))


def _prompt_for(recorded: RecordedInteraction, use: ScoredUse, ctx: VisitContext) -> str:
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
    fields, score = use.decision.fields, use.scored.result.score
    return offer_prompt(visit.visitor.id, visit.session.id, fields, score, ctx.now).id
