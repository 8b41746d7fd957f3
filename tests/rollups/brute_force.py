"""The funnel by its definition, visitor by visitor: what the roll-ups must agree with."""

from datetime import date

from leadcapture.rollups.funnel_rows import ANY
from leadcapture.rollups.history import VisitorHistory
from leadcapture.rollups.query import FunnelFilters


def _matches(wanted: str, value) -> bool:
    return wanted in (ANY, value)


def reached(history: VisitorHistory, first: date, last: date, filters: FunnelFilters) -> int:
    """How many funnel steps (0..5) ``history`` reaches in the days first..last."""
    inside = lambda day: first <= day <= last  # noqa: E731
    steps = [
        any(
            inside(s.day)
            and _matches(filters.campaign, s.campaign)
            and _matches(filters.source, s.source)
            and _matches(filters.device, s.device)
            for s in history.sessions
        ),
        any(inside(u.day) and _matches(filters.tool, u.tool) for u in history.tool_uses),
        any(inside(p.day) for p in history.prompts),
        any(inside(lead.day) for lead in history.leads),
        any(inside(b.day) for b in history.bookings),
    ]
    return next((number for number, done in enumerate(steps) if not done), len(steps))


def expected_counts(histories, first: date, last: date, filters: FunnelFilters) -> list[int]:
    """Visitors reaching each step."""
    reach = [reached(history, first, last, filters) for history in histories]
    return [sum(steps >= step for steps in reach) for step in range(1, 6)]
