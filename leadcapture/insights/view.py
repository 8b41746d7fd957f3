"""An insight as of a moment: the stored figures plus what depends on the date (pure).

Trend of weekly activity (sessions and completed tool uses, by the Monday of their week): the last
4 weeks (this one and the 3 before) against the 4 before those. With fewer than
``TREND_MINIMUM`` in all 8 weeks it is ``stable`` (too little to tell); ``rising`` when the recent
weeks hold more than 1.5 times the earlier ones, ``falling`` when the earlier ones hold more than
1.5 times the recent ones, else ``stable``.

Went quiet: the last session was a high-intent one (``insights.summary``) and nothing followed for
``quiet_days`` days (setting ``INSIGHT_QUIET_DAYS``).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from leadcapture.insights.summary import TREND_WEEKS, week_of

TRENDS = ("rising", "stable", "falling")
TREND_MINIMUM = 4


@dataclass(frozen=True)
class InsightView:
    """``stored``: the columns ``summary.summarise`` gives; ``score`` and ``level``: the person's."""

    stored: dict
    score: int
    level: str
    now: datetime
    quiet_days: int

    def __getattr__(self, name: str):
        try:
            return self.stored[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def days_since_first(self) -> int | None:
        return _days_since(self.stored["first_activity_at"], self.now)

    @property
    def days_since_last(self) -> int | None:
        return _days_since(self.stored["last_activity_at"], self.now)

    @property
    def days_since_booking(self) -> int | None:
        return _days_since(self.stored["last_booking_at"], self.now)

    @property
    def activity(self) -> tuple[int, int]:
        """Activity in the last ``TREND_WEEKS`` weeks, and in the ones before those."""
        this_week = week_of(self.now)
        recent = previous = 0
        for week, count in self.stored["weeks"].items():
            ago = (this_week - date.fromisoformat(week)).days // 7
            if 0 <= ago < TREND_WEEKS:
                recent += count
            elif TREND_WEEKS <= ago < 2 * TREND_WEEKS:
                previous += count
        return recent, previous

    @property
    def trend(self) -> str:
        recent, previous = self.activity
        if recent + previous < TREND_MINIMUM:
            return "stable"
        if 2 * recent > 3 * previous:
            return "rising"
        if 2 * previous > 3 * recent:
            return "falling"
        return "stable"

    @property
    def went_quiet(self) -> bool:
        days = self.days_since_last
        return self.stored["ended_on_high_intent"] and days is not None and days >= self.quiet_days

    @property
    def tools_used(self) -> list[str]:
        """Tools with a completed use or a step, the primary one first."""
        primary = self.stored["primary_tool"]
        others = sorted(tool for tool in self.stored["tool_counts"] if tool != primary)
        return ([primary] if primary else []) + others

    def uses(self, tool: str) -> int:
        return self.stored["tool_counts"].get(tool, [0, 0])[0]


def _days_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(0, (now - moment) // timedelta(days=1))
