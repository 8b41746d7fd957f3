"""The abandonment roll-up (``ToolStepDay``): per day, the sessions started that day that began a
tool (a ``tool_usage`` step ``<tool>:<step>``), by the last step of it they reached (``result``:
completed) and, for the others, the session's last event (what the visitor did before leaving).

A day's sessions may go on after midnight (a session ends after 30 minutes without activity), so
a day is final a few hours after it ends. Its tool steps are read in one query and sorted out in
Python; the last event of each abandoning session is one ranked query per batch of sessions.
"""

from collections import Counter
from datetime import timedelta

from sqlalchemy import Date, delete, func, select

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, ToolStepDay, VisitSession
from leadcapture.models.upsert import upsert
from leadcapture.reports.day_rollups import DayRollup
from leadcapture.reports.period import Period
from leadcapture.tracking.session_counts import TOOL_STEP, tool_of

COMPLETED = "result"
NO_STEP = "(none)"
MAX_TEXT = 255
BATCH = 500
KEYS = ("day", "tool", "step", "last_event")


def event_label(event_type: str, name: str | None) -> str:
    """An event as the pages name it: ``tool_usage: cost_calculator:start``."""
    return f"{event_type}: {name}"[:MAX_TEXT] if name else event_type


def _recount(days: Period) -> None:
    db.session.execute(delete(ToolStepDay).where(ToolStepDay.day >= days.first, ToolStepDay.day <= days.last))
    reached = _steps_reached(days)
    stopped = {session for (session, _tool), (_day, step) in reached.items() if step != COMPLETED}
    last_events = _last_events(sorted(stopped))
    counts = Counter(
        (day, tool, step, "" if step == COMPLETED else last_events.get(session, ""))
        for (session, tool), (day, step) in reached.items()
    )
    if counts:
        # A view counting the same day at the same moment wrote it already: keep the newer count.
        rows = [
            dict(zip((*KEYS, "sessions"), (*key, sessions), strict=True)) for key, sessions in counts.items()
        ]
        upsert(ToolStepDay, rows, KEYS)


def _steps_reached(days: Period) -> dict[tuple[str, str], tuple]:
    """(session, tool) → (the session's day, ``result`` if it got there, else its last step).

    The days' sessions are named again as ``IN (…)``: PostgreSQL then looks their events up by
    session, instead of reading the tool events of every day since (each day of a bulk load's
    roll-ups did, 30 times slower at 20,000 visitors over 90 days)."""
    in_days = (VisitSession.started_at >= days.start, VisitSession.started_at < days.end)
    query = (
        select(BehaviourEvent.session_id, BehaviourEvent.name, func.date(VisitSession.started_at, type_=Date))
        .join(VisitSession, VisitSession.id == BehaviourEvent.session_id)
        .where(
            *in_days,
            BehaviourEvent.event_type == "tool_usage",
            BehaviourEvent.created_at >= days.start,
            BehaviourEvent.session_id.in_(select(VisitSession.id).where(*in_days)),
        )
        .order_by(BehaviourEvent.created_at, BehaviourEvent.id)
    )
    reached: dict[tuple[str, str], tuple] = {}
    for session, name, day in db.session.execute(query):
        tool = tool_of("tool_usage", name)
        if tool is None or reached.get((session, tool), (None, None))[1] == COMPLETED:
            continue
        step = name.split(TOOL_STEP, 1)[1] if TOOL_STEP in name else NO_STEP
        reached[(session, tool)] = (day, step[:64])
    return reached


def _last_events(sessions: list[str]) -> dict[str, str]:
    """Each session's last event (by time, then as stored)."""
    last = {}
    for first in range(0, len(sessions), BATCH):
        rank = func.row_number().over(
            partition_by=BehaviourEvent.session_id,
            order_by=(BehaviourEvent.created_at.desc(), BehaviourEvent.id.desc()),
        )
        ranked = (
            select(
                BehaviourEvent.session_id, BehaviourEvent.event_type, BehaviourEvent.name, rank.label("rank")
            )
            .where(BehaviourEvent.session_id.in_(sessions[first : first + BATCH]))
            .subquery()
        )
        query = select(ranked.c.session_id, ranked.c.event_type, ranked.c.name).where(ranked.c.rank == 1)
        last |= {
            session: event_label(event_type, name) for session, event_type, name in db.session.execute(query)
        }
    return last


TOOL_STEP_DAYS = DayRollup("tool_step_days", ToolStepDay, timedelta(hours=3), _recount)
