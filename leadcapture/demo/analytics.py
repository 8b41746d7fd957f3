"""Each demo event's business impact, time on page and session duration, and each session's
analytics from them, as the tracker keeps them (``leadcapture.tracking.session_counts``)."""

from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from operator import itemgetter

from leadcapture.tracking.session_counts import IMPACT_COLUMNS, tool_of

ImpactOf = Callable[[str, str | None], str]
MILLISECOND = timedelta(milliseconds=1)


def add_session_analytics(bundle: dict[str, list[dict]], impact_of: ImpactOf) -> None:
    """Complete the event rows of ``bundle`` (impact, times) and count them on their sessions;
    add the ``session_tools`` rows of its tool uses and tool events."""
    sessions = {row["id"]: row for row in bundle["visit_sessions"]}
    counts: dict[str, Counter] = {session_id: Counter() for session_id in sessions}
    tools: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    page_opened: dict[str, datetime] = {}
    # Time order: a session's events were made in order, but a form's event is added later (leads).
    for event in sorted(bundle["behaviour_events"], key=itemgetter("client_timestamp")):
        session_id, at, event_type = event["session_id"], event["client_timestamp"], event["event_type"]
        started = sessions[session_id]["started_at"]
        if event_type == "page_view":
            page_opened[session_id] = at
        impact = event["impact"] = impact_of(event_type, event["name"])
        event["time_on_page_ms"] = _milliseconds(at - page_opened.get(session_id, started))
        event["session_duration_ms"] = _milliseconds(at - started)
        counted = counts[session_id]
        counted[IMPACT_COLUMNS[impact]] += 1
        if event_type == "export":
            counted["exports"] += 1
        elif event_type == "tool_usage" and (tool := tool_of(event_type, event["name"])):
            tools[(session_id, tool)][1] += 1
    for interaction in bundle["interactions"]:
        tools[(interaction["session_id"], interaction["tool"])][0] += 1
    for session_id, session in sessions.items():
        session.update(
            {column: counts[session_id][column] for column in (*IMPACT_COLUMNS.values(), "exports")}
        )
    bundle["session_tools"] = [
        {"session_id": session_id, "tool": tool, "uses": uses, "events": events}
        for (session_id, tool), (uses, events) in tools.items()
    ]


def _milliseconds(delta: timedelta) -> int:
    return delta // MILLISECOND
