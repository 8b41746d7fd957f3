"""Abandonment points: of the sessions that began a tool, how many left without its result, at
which step, and what they did last before leaving; from ``ToolStepDay``."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import ToolStepDay
from leadcapture.models.types import utcnow
from leadcapture.reports.analytics.tool_step_days import COMPLETED, TOOL_STEP_DAYS
from leadcapture.reports.day_rollups import ensure_days
from leadcapture.reports.list_args import choice
from leadcapture.reports.period import Period, period_from_args
from leadcapture.scoring.vocabulary import TOOLS


@dataclass(frozen=True)
class ToolOutcome:
    tool: str
    started: int
    completed: int

    @property
    def abandoned(self) -> int:
        return self.started - self.completed

    @property
    def rate(self) -> float | None:
        """Abandoned, in percent of the sessions that began the tool."""
        return 100 * self.abandoned / self.started if self.started else None


@dataclass(frozen=True)
class StopPoint:
    tool: str
    step: str
    last_event: str
    sessions: int
    share: float  # of the tool's abandoned sessions, percent


@dataclass(frozen=True)
class Abandonment:
    period: Period
    tool: str | None
    tools: list[ToolOutcome]
    points: list[StopPoint]  # the most sessions first

    def as_args(self) -> dict[str, str]:
        return ({"tool": self.tool} if self.tool else {}) | self.period.as_args()


def abandonment_args(args) -> tuple[Period, str | None]:
    """The period and tool in ``args``; InputError names a bad one."""
    return period_from_args(args), choice(args, "tool", tuple(TOOLS))


def abandonment(period: Period, tool: str | None = None, now: datetime | None = None) -> Abandonment:
    """The tools' starts and completions of sessions started in ``period``, and where the others
    stopped (for ``tool`` only, if given)."""
    ensure_days(TOOL_STEP_DAYS, period, now or utcnow())
    keys = (ToolStepDay.tool, ToolStepDay.step, ToolStepDay.last_event)
    query = select(*keys, func.sum(ToolStepDay.sessions)).where(
        ToolStepDay.day >= period.first, ToolStepDay.day <= period.last
    )
    if tool:
        query = query.where(ToolStepDay.tool == tool)
    rows = [
        (name, step, last, int(sessions))
        for name, step, last, sessions in db.session.execute(query.group_by(*keys))
    ]
    started, completed = {}, {}
    for name, step, _last, sessions in rows:
        started[name] = started.get(name, 0) + sessions
        completed[name] = completed.get(name, 0) + (sessions if step == COMPLETED else 0)
    tools = [ToolOutcome(name, started[name], completed[name]) for name in TOOLS if name in started]
    abandoned = {outcome.tool: outcome.abandoned for outcome in tools}
    points = [
        StopPoint(name, step, last, sessions, 100 * sessions / abandoned[name])
        for name, step, last, sessions in rows
        if step != COMPLETED
    ]
    points.sort(key=lambda point: (-point.sessions, point.tool, point.step, point.last_event))
    return Abandonment(period, tool, tools, points)


def abandonment_chart(report: Abandonment) -> dict:
    """A Chart.js stacked bar chart of each tool's completed and abandoned sessions."""
    labels = [outcome.tool for outcome in report.tools]
    return {
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": [
                {
                    "label": "Completed",
                    "data": [o.completed for o in report.tools],
                    "backgroundColor": "#2b8a3e",
                },
                {
                    "label": "Abandoned",
                    "data": [o.abandoned for o in report.tools],
                    "backgroundColor": "#e67700",
                },
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {"x": {"stacked": True, "min": 0}, "y": {"stacked": True}},
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


HEADER = ("tool", "stopped_after_step", "last_event", "sessions", "share_of_tool_abandonments_percent")


def csv_rows(report: Abandonment):
    """The page's table of stop points as CSV rows."""
    for point in report.points:
        yield (point.tool, point.step, point.last_event, point.sessions, round(point.share, 1))
