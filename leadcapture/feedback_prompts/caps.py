"""The frequency caps: whether a prompt may show now, decided from plain facts (no database).

A visitor sees each prompt at most once a session and at most ``max_per_session`` prompts a
session; none for ``quiet_days_after_submission`` days after they sent feedback, nor for
``quiet_days_after_dismissal`` days after they dismissed a prompt; and never a second prompt while
one (a contact form included) is on screen. The exit-intent prompt and the banner wait for a tool
use in the session.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from leadcapture.feedback_prompts.settings import PromptSettings

AFTER_A_TOOL_USE = ("exit_intent", "in_app")
# Every answer a page can get besides a prompt (``not_tracked``: no visitor to count for).
REFUSALS = (
    "not_tracked",
    "disabled",
    "shown_this_session",
    "session_limit",
    "after_submission",
    "after_dismissal",
    "on_screen",
    "no_tool_use",
)


@dataclass(frozen=True)
class PromptHistory:
    """What the caps look at: this session's prompts and the visitor's latest answers."""

    types_this_session: frozenset[str] = frozenset()
    on_screen: bool = False
    tool_used: bool = False
    last_submission: datetime | None = None
    last_dismissal: datetime | None = None


def refusal(prompt_type: str, settings: PromptSettings, history: PromptHistory, now: datetime) -> str | None:
    """Why a ``prompt_type`` prompt may not show now, or None when it may."""
    if prompt_type not in settings.enabled_types:
        return "disabled"
    if _within(history.last_submission, settings.quiet_days_after_submission, now):
        return "after_submission"
    if _within(history.last_dismissal, settings.quiet_days_after_dismissal, now):
        return "after_dismissal"
    if prompt_type in history.types_this_session:
        return "shown_this_session"
    if len(history.types_this_session) >= settings.max_per_session:
        return "session_limit"
    if history.on_screen:
        return "on_screen"
    if prompt_type in AFTER_A_TOOL_USE and not history.tool_used:
        return "no_tool_use"
    return None


def _within(moment: datetime | None, days: int, now: datetime) -> bool:
    return moment is not None and now - moment < timedelta(days=days)
