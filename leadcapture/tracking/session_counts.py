"""Per-session analytics (seed 004's behaviour sessions), counted as events and tool uses land.

A session keeps its behaviour events by business impact and its exports
(``visit_sessions.events_high`` / ``events_medium`` / ``events_low`` / ``exports``), and per tool it
accessed its uses and its ``tool_usage`` events (``session_tools``). Everything is a count that
only goes up, added in the database (``x = x + n``), so events may land in any order, from
concurrent requests, and the counts come out the same. The events ingest adds its batch's counts in
the UPDATE it sends the session anyway (``visits.identify``); a batch with tool events and a tool
use add one upsert of ``session_tools``.

``leadcapture.reports.session_analytics`` reads them.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from leadcapture.models import SessionTool, VisitSession
from leadcapture.models.upsert import add_counts
from leadcapture.scoring.vocabulary import TOOLS

IMPACT_COLUMNS = {"high": "events_high", "medium": "events_medium", "low": "events_low"}
TOOL_STEP = ":"


@dataclass(frozen=True)
class EventTally:
    """What a batch of events adds to its session."""

    impacts: Counter = field(default_factory=Counter)
    exports: int = 0
    tool_events: Counter = field(default_factory=Counter)


def tool_of(event_type: str, name: str | None) -> str | None:
    """The tool a ``tool_usage`` event is about: its name is the tool, or ``<tool>:<step>``."""
    if event_type != "tool_usage" or not name:
        return None
    tool = name.split(TOOL_STEP, 1)[0]
    return tool if tool in TOOLS else None


def tally_events(rows: Iterable[Mapping]) -> EventTally:
    """The counts of stored event rows (``event_type``, ``name``, ``impact``)."""
    impacts, tools, exports = Counter(), Counter(), 0
    for row in rows:
        impacts[row["impact"]] += 1
        exports += row["event_type"] == "export"
        if tool := tool_of(row["event_type"], row["name"]):
            tools[tool] += 1
    return EventTally(impacts, exports, tools)


def count_events(session: VisitSession, tally: EventTally, new: bool) -> None:
    """Add ``tally`` to ``session``'s counts, before its INSERT (``new``) or in its next UPDATE."""
    added = {IMPACT_COLUMNS[impact]: count for impact, count in tally.impacts.items()}
    added["exports"] = tally.exports
    for column, count in added.items():
        if new:
            setattr(session, column, count)
        elif count:
            setattr(session, column, getattr(VisitSession, column) + count)


def count_tool_activity(
    session_id: str, uses: Mapping[str, int] | None = None, events: Mapping[str, int] | None = None
) -> None:
    """Add tool ``uses`` and tool ``events`` (by tool) to the session's ``session_tools`` rows."""
    uses, events = uses or {}, events or {}
    rows = [
        {"session_id": session_id, "tool": tool, "uses": uses.get(tool, 0), "events": events.get(tool, 0)}
        for tool in sorted(set(uses) | set(events))
    ]
    add_counts(SessionTool.__table__, rows, ["uses", "events"])


def ranked_tools(activity: Mapping[str, tuple[int, int]]) -> list[str]:
    """Tools by ``(uses, events)``, the primary tool first: most uses, then most tool events, then the
    one further down the funnel (a booking before a cost estimate...), so the order never depends on
    when the events landed."""
    funnel = {tool: rank for rank, tool in enumerate(TOOLS)}
    return sorted(activity, key=lambda tool: (*activity[tool], funnel.get(tool, -1)), reverse=True)
