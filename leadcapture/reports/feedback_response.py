"""The feedback prompts' response rate: of the prompts shown (an email: sent) in a period, the share
that were answered with feedback, per day and per engagement level."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row

from leadcapture.models import FEEDBACK_PROMPT_TYPES


@dataclass
class Responses:
    """Prompts shown and answered, by day and by engagement level."""

    shown: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    answered: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    shown_by_level: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    answered_by_level: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def rate(self, level: str | None = None) -> float | None:
        """The percentage answered, of one level's prompts or (None) of all; None without prompts."""
        if level is None:
            return _percent(sum(self.answered.values()), sum(self.shown.values()))
        return _percent(self.answered_by_level.get(level, 0), self.shown_by_level.get(level, 0))

    def rate_on(self, day: date) -> float | None:
        return _percent(self.answered.get(day, 0), self.shown.get(day, 0))


def responses_of(days: list[Row]) -> Responses:
    """The feedback prompts (not the contact form's) of some days' roll-up rows (``prompt_days``),
    and how many of them were answered."""
    found = Responses()
    for row in days:
        if row.prompt_type in FEEDBACK_PROMPT_TYPES:
            found.shown[row.day] += row.shown
            found.answered[row.day] += row.submitted
            found.shown_by_level[row.engagement_level] += row.shown
            found.answered_by_level[row.engagement_level] += row.submitted
    return found


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None
