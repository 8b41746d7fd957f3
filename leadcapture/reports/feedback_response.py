"""The feedback prompts' response rate: of the prompts shown (an email: sent) in a period, the share
that were answered with feedback, per day and per engagement level."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, func, select

from leadcapture.extensions import db
from leadcapture.models import FeedbackPrompt
from leadcapture.reports.period import Period


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


def responses(period: Period) -> Responses:
    """The feedback prompts shown in ``period`` and how many of them were answered."""
    day = func.date(FeedbackPrompt.shown_at, type_=Date)
    query = (
        select(day, FeedbackPrompt.engagement_level, func.count(), func.count(FeedbackPrompt.submitted_at))
        .where(FeedbackPrompt.shown_at >= period.start, FeedbackPrompt.shown_at < period.end)
        .group_by(day, FeedbackPrompt.engagement_level)
    )
    found = Responses()
    for one_day, level, shown, answered in db.session.execute(query):
        found.shown[one_day] += shown
        found.answered[one_day] += answered
        found.shown_by_level[level] += shown
        found.answered_by_level[level] += answered
    return found


def _percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None
