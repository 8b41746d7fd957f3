"""Active visitors per day with their week and month (DAU, WAU, MAU) and stickiness (DAU / MAU),
from the distinct-visitor roll-up (``reports.visitor_days``).

A visitor is active on a day they started a session. The week and month of a day are the 7 and 30
days ending on it. The roll-up's rows say, per day, how many visitors came whose previous day with
a session was a given day: the distinct visitors of days a..b are those of its rows in a..b whose
previous day is before a. A previous day more than 29 days before its row's day is before every
window that row falls in, so it is read as "none" (a few rows per day, not one per earlier day).
"""

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from leadcapture.extensions import db
from leadcapture.models import NO_PREVIOUS_DAY, ChannelVisitorDay
from leadcapture.models.types import utcnow
from leadcapture.reports.analytics.sql_dates import days_before
from leadcapture.reports.channels import ALL_CHANNELS, ANY
from leadcapture.reports.period import Period
from leadcapture.reports.visitor_days import distinct_visitors, ensure_days

MONTH = 30
WEEK = 7


@dataclass(frozen=True)
class ActiveDay:
    day: date
    daily: int
    weekly: int
    monthly: int

    @property
    def stickiness(self) -> float | None:
        """DAU / MAU in percent (None without visitors in the month)."""
        return 100 * self.daily / self.monthly if self.monthly else None


@dataclass(frozen=True)
class ActiveVisitors:
    period: Period
    days: list[ActiveDay]
    visitors: int  # distinct over the whole period

    @property
    def average_daily(self) -> float | None:
        return sum(day.daily for day in self.days) / len(self.days) if self.days else None

    @property
    def stickiness(self) -> float | None:
        """The average of the days' stickiness (the days with visitors in their month)."""
        values = [day.stickiness for day in self.days if day.stickiness is not None]
        return sum(values) / len(values) if values else None


def active_visitors(period: Period, now: datetime | None = None) -> ActiveVisitors:
    """Each day of ``period`` (up to today) with its active visitors, week and month."""
    now = now or utcnow()
    days = [day for day in period.dates() if day <= now.date()]
    span = Period(period.first - timedelta(days=MONTH - 1), period.last)
    ensure_days(span, now)
    counts = _DayCounts(span)
    rows = [
        ActiveDay(day, counts.distinct(day, day), counts.ending(day, WEEK), counts.ending(day, MONTH))
        for day in days
    ]
    return ActiveVisitors(period, rows, distinct_visitors(period, now))


class _DayCounts:
    """Per day, its visitors by previous day (sorted) with running totals."""

    def __init__(self, span: Period):
        previous = ChannelVisitorDay.previous_day
        clamped = case(
            (previous < days_before(ChannelVisitorDay.day, MONTH - 1), NO_PREVIOUS_DAY), else_=previous
        )
        query = (
            select(ChannelVisitorDay.day, clamped, func.sum(ChannelVisitorDay.visitors))
            .where(
                ChannelVisitorDay.grouping == ANY,
                ChannelVisitorDay.channel == ALL_CHANNELS,
                ChannelVisitorDay.day >= span.first,
                ChannelVisitorDay.day <= span.last,
            )
            .group_by(ChannelVisitorDay.day, clamped)
            .order_by(ChannelVisitorDay.day, clamped)
        )
        self._days: dict[date, tuple[list[date], list[int]]] = {}
        for day, previous_day, visitors in db.session.execute(query):
            previous_days, totals = self._days.setdefault(day, ([], []))
            previous_days.append(previous_day)
            totals.append((totals[-1] if totals else 0) + int(visitors))

    def distinct(self, first: date, last: date) -> int:
        """Distinct visitors of the days ``first`` to ``last``."""
        return sum(self._before(day, first) for day in Period(first, last).dates())

    def ending(self, day: date, days: int) -> int:
        """Distinct visitors of the ``days`` days ending on ``day``."""
        return self.distinct(day - timedelta(days=days - 1), day)

    def _before(self, day: date, first: date) -> int:
        previous_days, totals = self._days.get(day, ([], []))
        index = bisect_left(previous_days, first)
        return totals[index - 1] if index else 0


def active_chart(report: ActiveVisitors) -> dict:
    """A Chart.js line chart of DAU, WAU and MAU per day."""
    lines = (
        ("Daily", "daily", "#0b7285"),
        ("Weekly (7 days)", "weekly", "#e67700"),
        ("Monthly (30 days)", "monthly", "#5f3dc4"),
    )
    return {
        "type": "line",
        "data": {
            "labels": [row.day.isoformat() for row in report.days],
            "datasets": [
                {
                    "label": label,
                    "data": [getattr(row, key) for row in report.days],
                    "borderColor": colour,
                    "backgroundColor": colour,
                    "tension": 0.2,
                }
                for label, key, colour in lines
            ],
        },
        "options": {"scales": {"y": {"min": 0}}, "plugins": {"legend": {"position": "bottom"}}},
    }


HEADER = ("day", "active_visitors", "weekly_active", "monthly_active", "stickiness_percent")


def csv_rows(report: ActiveVisitors):
    """The page's table as CSV rows."""
    for row in report.days:
        stickiness = None if row.stickiness is None else round(row.stickiness, 1)
        yield (row.day.isoformat(), row.daily, row.weekly, row.monthly, stickiness)
