"""What a visitor's (or a lead's visitors') stored rows add up to: pure, no database.

Activity is sessions and completed tool uses; a week starts on Monday (UTC). Only what does not
depend on today's date is kept here; ``insights.view`` works out the rest when read.

- High-intent session: its engagement level is high, or a contact form was submitted or a booking
  made (the booking tool completed) in it.
- Abandoned form: a contact form interacted with or left half-filled, and none submitted since.
- Abandoned booking: a session started the booking tool without completing it, and no booking was
  made since.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from leadcapture.tracking.session_counts import ranked_tools

BOOKING_TOOL = "appointment_booking"
# The trend compares the last 4 weeks with the 4 before: weeks older than that never count again.
TREND_WEEKS = 4
KEPT_WEEKS = 2 * TREND_WEEKS
_SUMMED = ("events_high", "events_medium", "events_low", "exports")
# The stored columns, as ``summarise`` gives them.
SUMMARY_FIELDS = (
    "sessions",
    "tool_uses",
    *_SUMMED,
    "bookings",
    "first_activity_at",
    "last_activity_at",
    "last_booking_at",
    "tool_counts",
    "primary_tool",
    "weeks",
    "ended_on_high_intent",
    "abandoned_form",
    "abandoned_booking",
)


@dataclass(frozen=True)
class SessionFact:
    started_at: datetime
    last_seen_at: datetime
    events_high: int = 0
    events_medium: int = 0
    events_low: int = 0
    exports: int = 0
    engagement_level: str = "low"
    tools: dict[str, tuple[int, int]] = field(default_factory=dict)  # tool: (uses, events)
    form_submitted: bool = False


@dataclass(frozen=True)
class PromptFact:
    offered_at: datetime
    status: str


@dataclass(frozen=True)
class Facts:
    sessions: tuple[SessionFact, ...] = ()
    prompts: tuple[PromptFact, ...] = ()
    bookings: tuple[datetime, ...] = ()  # when each was made

    def __add__(self, other: "Facts") -> "Facts":
        return Facts(
            self.sessions + other.sessions, self.prompts + other.prompts, self.bookings + other.bookings
        )


def week_of(moment: datetime) -> date:
    """The Monday of ``moment``'s week."""
    return moment.date() - timedelta(days=moment.weekday())


def summarise(facts: Facts) -> dict:
    """The stored columns of an insight (``models.insights.InsightColumns``)."""
    sessions = sorted(facts.sessions, key=lambda session: session.started_at)
    tools: dict[str, list[int]] = {}
    for session in sessions:
        for tool, (uses, events) in session.tools.items():
            counts = tools.setdefault(tool, [0, 0])
            counts[0] += uses
            counts[1] += events
    ranked = ranked_tools({tool: tuple(counts) for tool, counts in tools.items()})
    return {
        "sessions": len(sessions),
        "tool_uses": sum(uses for uses, _events in tools.values()),
        **{name: sum(getattr(s, name) for s in sessions) for name in _SUMMED},
        "bookings": len(facts.bookings),
        "first_activity_at": sessions[0].started_at if sessions else None,
        "last_activity_at": max((s.last_seen_at for s in sessions), default=None),
        "last_booking_at": max(facts.bookings, default=None),
        "tool_counts": tools,
        "primary_tool": ranked[0] if ranked else None,
        "weeks": _recent_weeks(sessions),
        "ended_on_high_intent": bool(sessions) and _high_intent(sessions[-1]),
        "abandoned_form": _abandoned_form(facts.prompts),
        "abandoned_booking": _abandoned_booking(sessions, facts.bookings),
    }


def _recent_weeks(sessions: Iterable[SessionFact]) -> dict[str, int]:
    """Activity per week, for the ``KEPT_WEEKS`` weeks up to the last active one."""
    activity: Counter[date] = Counter()
    for session in sessions:
        activity[week_of(session.started_at)] += 1 + sum(uses for uses, _events in session.tools.values())
    if not activity:
        return {}
    oldest = max(activity) - timedelta(weeks=KEPT_WEEKS - 1)
    return {week.isoformat(): count for week, count in sorted(activity.items()) if week >= oldest}


def _high_intent(session: SessionFact) -> bool:
    return (
        session.engagement_level == "high"
        or session.form_submitted
        or session.tools.get(BOOKING_TOOL, (0, 0))[0] > 0
    )


def _abandoned_form(prompts: Iterable[PromptFact]) -> bool:
    started = [p.offered_at for p in prompts if p.status in ("interacted", "abandoned")]
    submitted = [p.offered_at for p in prompts if p.status == "submitted"]
    return bool(started) and not any(at >= max(started) for at in submitted)


def _abandoned_booking(sessions: list[SessionFact], bookings: Iterable[datetime]) -> bool:
    started = [
        s.started_at
        for s in sessions
        if (activity := s.tools.get(BOOKING_TOOL)) and activity[1] > 0 and activity[0] == 0
    ]
    if not started:
        return False
    booked = [at for at in bookings] + [
        s.started_at for s in sessions if s.tools.get(BOOKING_TOOL, (0, 0))[0]
    ]
    return not any(at >= max(started) for at in booked)
