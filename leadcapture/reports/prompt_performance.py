"""Prompt performance: per prompt type, the prompts shown in a period and how far they got (shown →
interacted → submitted, or dismissed, or abandoned), the contact form's prompts beside the feedback
prompts, summed from the daily roll-up of ``prompt_days`` (whose ``prompt_log`` is the one log of
both tables).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row

from leadcapture.models import FEEDBACK_PROMPT_TYPES
from leadcapture.models.types import utcnow
from leadcapture.reports.period import Period
from leadcapture.reports.prompt_days import COUNTS, prompt_days

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


def prompt_performance(period: Period, now: datetime | None = None) -> list[PromptPerformance]:
    """A row per prompt type (every type, in ``PROMPT_TYPES`` order) for the prompts shown in
    ``period``."""
    return performance_of(prompt_days(period, now or utcnow()))


def performance_of(days: list[Row]) -> list[PromptPerformance]:
    """``prompt_performance`` of some days' roll-up rows."""
    found = {prompt_type: PromptPerformance(prompt_type) for prompt_type in PROMPT_TYPES}
    for day in days:
        total = found.get(day.prompt_type)
        if total is not None:
            counts = (getattr(total, name) + getattr(day, name) for name in COUNTS)
            found[day.prompt_type] = PromptPerformance(day.prompt_type, *counts)
    return list(found.values())
