"""The event explorer: how many behaviour events of each type and name were stored each day, for
a segment (impact, tool, page, campaign, device), from ``EventDay``."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import EventDay
from leadcapture.models.types import utcnow
from leadcapture.reports.analytics.event_days import EVENT_DAYS, NONE, page_path
from leadcapture.reports.day_rollups import ensure_days
from leadcapture.reports.list_args import choice, text
from leadcapture.reports.period import Period, period_from_args
from leadcapture.scoring.vocabulary import TOOLS
from leadcapture.tracking.impact import IMPACTS

NOT_SET = "(not set)"
DEVICES = ("desktop", "mobile", "tablet", "other")
SERIES = {"type": "Event type", "name": "Event type and name"}
CHART_SERIES = 8
OTHERS = "(others)"


@dataclass(frozen=True)
class ExplorerFilters:
    period: Period
    series: str = "type"
    impact: str | None = None
    tool: str | None = None
    page: str | None = None
    campaign: str | None = None
    device: str | None = None

    def segment(self) -> dict[str, str]:
        """The segment's filters by ``EventDay`` column (``NONE`` for not set)."""
        names = ("impact", "tool", "page", "campaign", "device")
        values = {name: getattr(self, name) for name in names}
        return {
            name: NONE if value == NOT_SET else value for name, value in values.items() if value is not None
        }

    def as_args(self) -> dict[str, str]:
        names = ("series", "impact", "tool", "page", "campaign", "device")
        values = {name: getattr(self, name) for name in names}
        return {name: value for name, value in values.items() if value is not None} | self.period.as_args()


def explorer_filters(args) -> ExplorerFilters:
    """The filters in ``args``; InputError names each bad one."""
    page = text(args, "page")
    return ExplorerFilters(
        period=period_from_args(args),
        series=choice(args, "series", tuple(SERIES), "type"),
        impact=choice(args, "impact", IMPACTS),
        tool=choice(args, "tool", (*TOOLS, NOT_SET)),
        page=page if page in (None, NOT_SET) else page_path(page) or "/",
        campaign=text(args, "campaign"),
        device=choice(args, "device", (*DEVICES, NOT_SET)),
    )


def filter_choices() -> dict[str, tuple[str, ...]]:
    """The values offered in the page's drop-downs."""
    return {"impact": IMPACTS, "tool": (*TOOLS, NOT_SET), "device": (*DEVICES, NOT_SET)}


@dataclass(frozen=True)
class EventRow:
    event_type: str
    name: str
    impact: str
    events: int
    share: float


@dataclass(frozen=True)
class Explorer:
    filters: ExplorerFilters
    total: int
    rows: list[EventRow]  # by type and name, the most events first
    daily: dict[str, dict[date, int]]  # the chart's series: events per day


def explorer(filters: ExplorerFilters, now: datetime | None = None) -> Explorer:
    """The segment's events by type and name, and per day by type (or type and name)."""
    period = filters.period
    ensure_days(EVENT_DAYS, period, now or utcnow())
    keys = (EventDay.day, EventDay.event_type, EventDay.name, EventDay.impact)
    query = select(*keys, func.sum(EventDay.events)).where(
        EventDay.day >= period.first, EventDay.day <= period.last
    )
    for name, value in filters.segment().items():
        query = query.where(getattr(EventDay, name) == value)
    totals: Counter = Counter()
    daily: dict[str, Counter] = {}
    for day, event_type, name, impact, events in db.session.execute(query.group_by(*keys)):
        totals[(event_type, name, impact)] += int(events)
        series = event_type if filters.series == "type" else _label(event_type, name)
        daily.setdefault(series, Counter())[day] += int(events)
    total = sum(totals.values())
    rows = [
        EventRow(event_type, name or NOT_SET, impact, events, 100 * events / total)
        for (event_type, name, impact), events in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]
    return Explorer(filters, total, rows, _top(daily))


def _label(event_type: str, name: str) -> str:
    return f"{event_type}: {name or NOT_SET}"


def _top(daily: dict[str, Counter]) -> dict[str, dict[date, int]]:
    """The series with the most events; the rest added up as ``OTHERS``."""
    ranked = sorted(daily, key=lambda series: (-sum(daily[series].values()), series))
    top = {series: dict(daily[series]) for series in ranked[:CHART_SERIES]}
    others: Counter = Counter()
    for series in ranked[CHART_SERIES:]:
        others.update(daily[series])
    return top | ({OTHERS: dict(others)} if others else {})


COLOURS = ("#0b7285", "#e67700", "#5f3dc4", "#2b8a3e", "#c2255c", "#1864ab", "#a61e4d", "#5c940d", "#868e96")


def explorer_chart(report: Explorer) -> dict:
    """A Chart.js stacked bar chart of the series per day."""
    days = report.filters.period.dates()
    datasets = [
        {"label": series, "data": [counts.get(day, 0) for day in days], "backgroundColor": colour}
        for (series, counts), colour in zip(report.daily.items(), COLOURS, strict=False)
    ]
    return {
        "type": "bar",
        "data": {"labels": [day.isoformat() for day in days], "datasets": datasets},
        "options": {
            "scales": {"x": {"stacked": True}, "y": {"stacked": True, "min": 0}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


HEADER = ("event_type", "name", "impact", "events", "share_percent")


def csv_rows(report: Explorer):
    """The page's table as CSV rows."""
    for row in report.rows:
        yield (row.event_type, row.name, row.impact, row.events, round(row.share, 1))
