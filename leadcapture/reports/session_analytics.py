"""Per-session analytics (seed 004's behaviour sessions): for a visit, the tools it accessed and its
primary tool, its behaviour events by business impact, its exports, duration, device, referrer and
engagement level; read from what the tracker keeps on each session as events land
(``leadcapture.tracking.session_counts``), never by counting events.

For other readers: ``session_analytics(session_ids)`` and ``visitor_sessions(visitor_ids, limit)``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import SessionTool, VisitSession
from leadcapture.tracking.session_counts import IMPACT_COLUMNS, ranked_tools

MAX_SESSIONS = 50


@dataclass(frozen=True)
class ToolActivity:
    tool: str
    uses: int  # completed tool uses (interactions)
    events: int  # tool_usage events (steps: started, result, failed...)


@dataclass(frozen=True)
class SessionAnalytics:
    session_id: str
    visitor_id: str
    started_at: datetime
    last_seen_at: datetime
    active_seconds: int
    # Tools the session accessed, its primary tool first (``tracking.session_counts.ranked_tools``).
    tools: tuple[ToolActivity, ...]
    events_by_impact: dict[str, int]  # high, medium, low
    exports: int
    device_type: str | None
    browser: str | None
    os: str | None
    referrer: str | None
    referrer_class: str
    landing_page: str | None
    campaign: tuple[str | None, str | None, str | None]  # utm source, medium, campaign
    engagement_score: int
    engagement_level: str

    @property
    def duration_seconds(self) -> int:
        """From the first to the last hit of the visit."""
        return int((self.last_seen_at - self.started_at).total_seconds())

    @property
    def events(self) -> int:
        return sum(self.events_by_impact.values())

    @property
    def tools_accessed(self) -> list[str]:
        return [activity.tool for activity in self.tools]

    @property
    def primary_tool(self) -> str | None:
        return self.tools[0].tool if self.tools else None


def session_analytics(session_ids: Sequence[str]) -> list[SessionAnalytics]:
    """The analytics of these sessions (unknown ids left out), newest first."""
    query = select(VisitSession).where(VisitSession.id.in_(list(session_ids)))
    return _with_tools(db.session.scalars(query.order_by(VisitSession.started_at.desc())).all())


def visitor_sessions(visitor_ids: Sequence[str], limit: int = MAX_SESSIONS) -> list[SessionAnalytics]:
    """The analytics of these visitors' newest ``limit`` sessions, newest first."""
    query = (
        select(VisitSession)
        .where(VisitSession.visitor_id.in_(list(visitor_ids)))
        .order_by(VisitSession.started_at.desc())
        .limit(limit)
    )
    return _with_tools(db.session.scalars(query).all())


def _with_tools(sessions: Sequence[VisitSession]) -> list[SessionAnalytics]:
    activity: dict[str, dict[str, tuple[int, int]]] = {session.id: {} for session in sessions}
    if activity:
        rows = db.session.execute(select(SessionTool).where(SessionTool.session_id.in_(list(activity))))
        for (row,) in rows:
            activity[row.session_id][row.tool] = (row.uses, row.events)
    return [_analytics(session, activity[session.id]) for session in sessions]


def _analytics(session: VisitSession, tools: dict[str, tuple[int, int]]) -> SessionAnalytics:
    return SessionAnalytics(
        session_id=session.id,
        visitor_id=session.visitor_id,
        started_at=session.started_at,
        last_seen_at=session.last_seen_at,
        active_seconds=session.active_seconds,
        tools=tuple(ToolActivity(tool, *tools[tool]) for tool in ranked_tools(tools)),
        events_by_impact={impact: getattr(session, column) for impact, column in IMPACT_COLUMNS.items()},
        exports=session.exports,
        device_type=session.device_type,
        browser=session.browser,
        os=session.os,
        referrer=session.referrer,
        referrer_class=session.referrer_class,
        landing_page=session.landing_page,
        campaign=(session.utm_source, session.utm_medium, session.utm_campaign),
        engagement_score=session.engagement_score,
        engagement_level=session.engagement_level,
    )
