"""Prompt performance: per prompt type, the prompts shown in a period and how far they got (shown →
interacted → submitted, or dismissed, or abandoned), the contact form's prompts beside the feedback
prompts.

``prompt_log`` is the one log of both tables (``contact_prompts``: type ``contact_form``, offered =
shown; ``feedback_prompts``). It is a query rather than a database view, so that neither table's
later migrations have to rebuild one.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, literal, select, union_all

from leadcapture.extensions import db
from leadcapture.models import FEEDBACK_PROMPT_TYPES, ContactPrompt, FeedbackPrompt
from leadcapture.reports.period import Period

PROMPT_TYPES = ("contact_form", *FEEDBACK_PROMPT_TYPES)
PROMPT_LABELS = {
    "contact_form": "Contact form",
    "tool_result": "Rating card under a tool result",
    "exit_intent": "Exit intent",
    "after_booking": "After booking",
    "in_app": "In-page banner",
    "email": "Follow-up email",
}


@dataclass(frozen=True)
class PromptPerformance:
    """One prompt type's prompts shown in the period; ``interacted`` counts those the visitor
    touched (submitted and abandoned ones too), the last three their final outcome."""

    prompt_type: str
    shown: int = 0
    interacted: int = 0
    submitted: int = 0
    dismissed: int = 0
    abandoned: int = 0

    @property
    def label(self) -> str:
        return PROMPT_LABELS[self.prompt_type]

    def rate(self, count: int) -> float | None:
        """``count`` as a share of the prompts shown (None when none were)."""
        return count / self.shown if self.shown else None


def prompt_log(start: datetime, end: datetime) -> Select:
    """Every prompt, of either kind, shown from ``start`` to before ``end``: its type, visitor,
    session, status and times (each branch filtered on its own index)."""
    contact = select(
        literal("contact_form").label("prompt_type"),
        ContactPrompt.visitor_id,
        ContactPrompt.session_id,
        ContactPrompt.status,
        ContactPrompt.offered_at.label("shown_at"),
        ContactPrompt.interacted_at,
        ContactPrompt.submitted_at,
        ContactPrompt.dismissed_at,
        ContactPrompt.abandoned_at,
    ).where(ContactPrompt.offered_at >= start, ContactPrompt.offered_at < end)
    feedback = select(
        FeedbackPrompt.prompt_type,
        FeedbackPrompt.visitor_id,
        FeedbackPrompt.session_id,
        FeedbackPrompt.status,
        FeedbackPrompt.shown_at,
        FeedbackPrompt.interacted_at,
        FeedbackPrompt.submitted_at,
        FeedbackPrompt.dismissed_at,
        FeedbackPrompt.abandoned_at,
    ).where(FeedbackPrompt.shown_at >= start, FeedbackPrompt.shown_at < end)
    return union_all(contact, feedback)


def prompt_performance(period: Period) -> list[PromptPerformance]:
    """A row per prompt type (every type, in ``PROMPT_TYPES`` order) for the prompts shown in
    ``period``."""
    log = prompt_log(period.start, period.end).subquery()
    touched = func.coalesce(log.c.interacted_at, log.c.submitted_at, log.c.abandoned_at)
    rows = db.session.execute(
        select(
            log.c.prompt_type,
            func.count(),
            func.count(touched),
            *(
                func.count().filter(log.c.status == status)
                for status in ("submitted", "dismissed", "abandoned")
            ),
        ).group_by(log.c.prompt_type)
    )
    found = {row[0]: PromptPerformance(*row) for row in rows}
    return [found.get(prompt_type, PromptPerformance(prompt_type)) for prompt_type in PROMPT_TYPES]
