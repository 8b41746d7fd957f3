"""Session engagement: how engaged one visit was, on seed 000's 0-12 scale (pure: no Flask, no database).

Four parts of 0-3 points each, added up:

- active time: 5, 10 and 20 minutes of the session's active time give 1, 2 and 3 points;
- tools used: 1, 2 and 3 (or all 4) different CTA tools used in the session;
- AI recommendations asked: 1, 2 and 5 recommendations;
- bookings and forms: the contact form started 1, submitted 2, an appointment booked 3.

Levels: ``low`` below 3, ``medium`` 3-5, ``high`` 6-8, ``very_high`` 9 and above. It describes one
session; the lead score (``leadcapture.scoring``, 0-100 over all of a visitor's sessions) is another
measure with levels of its own.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

AI_RECOMMENDATION = "ai_recommendation"
BOOKING = "appointment_booking"
# A part gives one point per threshold reached.
ACTIVE_MINUTES = (5, 10, 20)
TOOLS_USED = (1, 2, 3)
AI_RECOMMENDATIONS = (1, 2, 5)
FORM_STARTED, FORM_SUBMITTED, BOOKED = 1, 2, 3
# (lowest score, level), highest first.
LEVELS = ((9, "very_high"), (6, "high"), (3, "medium"), (0, "low"))
ENGAGEMENT_LEVELS = tuple(level for _, level in reversed(LEVELS))
MAX_SCORE = 12


@dataclass(frozen=True)
class SessionActivity:
    """What one session did: its active time, its tool uses per tool, and its contact forms."""

    active_seconds: int = 0
    tool_uses: Mapping[str, int] = field(default_factory=dict)
    form_started: bool = False
    form_submitted: bool = False


@dataclass(frozen=True)
class SessionEngagement:
    """A session's engagement, part by part (0-3 each)."""

    active_time: int
    tools: int
    ai_recommendations: int
    bookings_and_forms: int

    @property
    def score(self) -> int:
        return self.active_time + self.tools + self.ai_recommendations + self.bookings_and_forms

    @property
    def level(self) -> str:
        return engagement_level(self.score)


def _reached(value: float, thresholds: tuple[int, ...]) -> int:
    return sum(value >= threshold for threshold in thresholds)


def active_time_points(active_seconds: int) -> int:
    """0-3 points for the session's active time."""
    return _reached(active_seconds / 60, ACTIVE_MINUTES)


def measure(activity: SessionActivity) -> SessionEngagement:
    """The engagement of a session that did ``activity``."""
    uses = activity.tool_uses
    if uses.get(BOOKING, 0):
        forms = BOOKED
    elif activity.form_submitted:
        forms = FORM_SUBMITTED
    else:
        forms = FORM_STARTED if activity.form_started else 0
    return SessionEngagement(
        active_time=active_time_points(activity.active_seconds),
        tools=_reached(sum(1 for count in uses.values() if count > 0), TOOLS_USED),
        ai_recommendations=_reached(uses.get(AI_RECOMMENDATION, 0), AI_RECOMMENDATIONS),
        bookings_and_forms=forms,
    )


def engagement_level(score: int) -> str:
    """``low``, ``medium``, ``high`` or ``very_high`` for a score of 0-12."""
    return next(level for lowest, level in LEVELS if score >= lowest)


def with_active_time(score: int, before_seconds: int, after_seconds: int) -> int:
    """The score once the session's active time went from ``before_seconds`` to ``after_seconds``:
    only the active-time part moves, so nothing else needs to be looked up."""
    moved = score - active_time_points(before_seconds) + active_time_points(after_seconds)
    return min(max(moved, 0), MAX_SCORE)
