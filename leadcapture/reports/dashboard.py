"""The dashboard's figures: a period against the one before it, and a daily series.

Visitors are distinct visitors with a session started in the period; sessions and tool uses
are counted by when they started or happened; leads and bookings by when they were created;
the conversion rate is leads / visitors; the average score is over the period's new leads.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, func, select

from leadcapture.extensions import db
from leadcapture.models import Booking, Lead
from leadcapture.models.outbox import outbox_counts
from leadcapture.reports.period import Period
from leadcapture.rollups import query
from leadcapture.rollups.refresh import refresh_for_view


@dataclass(frozen=True)
class Figures:
    """One period's totals."""

    visitors: int
    sessions: int
    tool_uses: int
    leads: int
    score_total: int
    bookings: int

    @property
    def conversion_rate(self) -> float | None:
        """Leads per visitor, as a percentage (None without visitors)."""
        return 100 * self.leads / self.visitors if self.visitors else None

    @property
    def average_score(self) -> float | None:
        return self.score_total / self.leads if self.leads else None


@dataclass(frozen=True)
class DailySeries:
    days: list[date]
    visitors: list[int]
    tool_uses: list[int]
    leads: list[int]


@dataclass(frozen=True)
class Dashboard:
    period: Period
    current: Figures
    previous: Figures
    daily: DailySeries
    sync: dict[str, int]  # pending and dead-lettered outbox rows


def dashboard(period: Period) -> Dashboard:
    """The dashboard for ``period`` (new activity is folded into the roll-ups first, within a
    view's budget: ``refresh_for_view``; commits)."""
    refresh_for_view()
    before = period.previous()
    both = Period(before.first, period.last)
    activity = query.daily_activity(both.first, both.last)
    leads = _per_day(Lead.created_at, both, func.count(), func.sum(Lead.score))
    bookings = _per_day(Booking.created_at, both, func.count())

    def figures(part: Period) -> Figures:
        days = part.dates()
        return Figures(
            visitors=query.visitors(part.first, part.last),
            sessions=sum(activity[day].sessions for day in days if day in activity),
            tool_uses=sum(activity[day].tool_uses for day in days if day in activity),
            leads=sum(leads[day][0] for day in days if day in leads),
            score_total=sum(leads[day][1] for day in days if day in leads),
            bookings=sum(bookings[day][0] for day in days if day in bookings),
        )

    visitors = query.daily_visitors(period.first, period.last)
    days = period.dates()
    daily = DailySeries(
        days=days,
        visitors=[visitors.get(day, 0) for day in days],
        tool_uses=[activity[day].tool_uses if day in activity else 0 for day in days],
        leads=[leads[day][0] if day in leads else 0 for day in days],
    )
    return Dashboard(period, figures(period), figures(before), daily, outbox_counts(("pending", "dead")))


def _per_day(created_at, period: Period, *aggregates) -> dict[date, tuple[int, ...]]:
    """The ``aggregates`` of the rows created in ``period``, per day."""
    day = func.date(created_at, type_=Date)
    rows = db.session.execute(
        select(day, *aggregates).where(created_at >= period.start, created_at < period.end).group_by(day)
    )
    return {day: tuple(int(value or 0) for value in values) for day, *values in rows}


def change(current: float | None, previous: float | None) -> str:
    """From ``previous`` to ``current``: "↑ 12%", "↓ 3%", "no change", "new" (from nothing) or "–"."""
    if current == previous:
        return "no change" if current is not None else "–"
    if not previous:
        return "new" if current else "–"
    if current is None:
        return "–"
    percent = 100 * (current - previous) / previous
    size = f"{abs(percent):.0f}%" if abs(percent) >= 1 else "<1%"
    return f"{'↑' if percent > 0 else '↓'} {size}"


def tiles(board: Dashboard) -> list[tuple[str, str, float | None, float | None]]:
    """(name, label, this period's value, the previous period's value) of each tile."""
    now, then = board.current, board.previous
    return [
        ("visitors", "Visitors", now.visitors, then.visitors),
        ("sessions", "Sessions", now.sessions, then.sessions),
        ("tool_uses", "Tool uses", now.tool_uses, then.tool_uses),
        ("leads", "Leads", now.leads, then.leads),
        ("conversion_rate", "Conversion rate", now.conversion_rate, then.conversion_rate),
        ("average_score", "Average lead score", now.average_score, then.average_score),
        ("bookings", "Bookings", now.bookings, then.bookings),
    ]


def daily_chart(series: DailySeries) -> dict:
    """A Chart.js line chart of visitors, tool uses and leads per day."""
    lines = (
        ("Visitors", series.visitors, "#0b7285"),
        ("Tool uses", series.tool_uses, "#e67700"),
        ("Leads", series.leads, "#2b8a3e"),
    )
    return {
        "type": "line",
        "data": {
            "labels": [day.isoformat() for day in series.days],
            "datasets": [
                {
                    "label": label,
                    "data": values,
                    "borderColor": color,
                    "backgroundColor": color,
                    "tension": 0.2,
                }
                for label, values, color in lines
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}}},
    }
