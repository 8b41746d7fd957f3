"""What a demo visitor answers on a feedback prompt: a rating, the optional details, a comment.

Ratings lean positive (as clinics' reviews do), higher after a booking and in engaged sessions,
lower for the face analysis and in disengaged sessions. The details follow the rating; a comment's
theme depends on its mood and on where it was asked (a cost-calculator result draws remarks on
price, the follow-up email after a visit on staff and results).
"""

import random

from leadcapture.demo.comments import MIXED, NEGATIVE, POSITIVE, make_comment, mood_of
from leadcapture.models import EASE_OF_USE_CHOICES, HELPFULNESS_CHOICES, WOULD_BOOK_CHOICES

RATING_WEIGHTS = {5: 38, 4: 27, 3: 13, 2: 9, 1: 13}
TILT = 1.4
HAPPIER = frozenset({"after_booking", "high", "very_high"})
UNHAPPIER = frozenset({"face_analysis", "low"})
# Unhappy visitors write more often.
COMMENT_SHARE = {1: 0.8, 2: 0.75, 3: 0.55, 4: 0.45, 5: 0.5}
THEME_WEIGHTS = {
    POSITIVE: {"price": 10, "waiting": 12, "staff": 30, "results": 33, "website": 15},
    MIXED: {"price": 20, "waiting": 20, "staff": 20, "results": 20, "website": 20},
    NEGATIVE: {"price": 36, "waiting": 34, "staff": 8, "results": 12, "website": 10},
}
# Where it was asked (context or tool) -> theme -> factor.
THEME_BIAS = {
    "tool_result": {"website": 2},
    "exit_intent": {"website": 2},
    "in_app": {"website": 2},
    "after_booking": {"waiting": 3, "staff": 0.5, "results": 0.3},
    "email": {"staff": 2, "results": 2.5, "website": 0.3},
    "cost_calculator": {"price": 3},
    "face_analysis": {"results": 1.5},
    "ai_recommendation": {"results": 1.5},
}
DETAIL_SHARES = {"ratings": 0.45, "ease_of_use": 0.6, "helpfulness": 0.55, "would_book": 0.5}
# Rating -> weights of yes, maybe, no.
WOULD_BOOK_WEIGHTS = {5: (60, 35, 5), 4: (60, 35, 5), 3: (20, 60, 20), 2: (5, 30, 65), 1: (5, 30, 65)}
NO_BOOKING_QUESTION = frozenset({"after_booking", "email", "appointment_booking"})


def pick_rating(rng: random.Random, *circumstances: str | None) -> int:
    """An overall rating for feedback asked in these ``circumstances`` (context, tool, level)."""
    weights = dict(RATING_WEIGHTS)
    for circumstance in circumstances:
        for ratings, tilted in (((4, 5), HAPPIER), ((1, 2), UNHAPPIER)):
            if circumstance in tilted:
                for rating in ratings:
                    weights[rating] *= TILT
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _near(rng: random.Random, value: float, top: int) -> int:
    """``value`` give or take one, within 0..``top``."""
    return min(max(round(value + rng.choice((-1, 0, 0, 1))), 0), top)


def details(rng: random.Random, rating: int, context: str, tool: str | None) -> dict:
    """The optional ratings and multiple-choice answers, in line with ``rating``."""
    rated = rng.random() < DETAIL_SHARES["ratings"]
    row = {
        "rating_experience": _near(rng, rating - 1, 4) + 1 if rated else None,
        "rating_tool": _near(rng, rating - 1, 4) + 1 if rated and tool else None,
        "rating_ease_of_use": _near(rng, rating - 1, 4) + 1 if rated else None,
        "ease_of_use": None,
        "helpfulness": None,
        "would_book": None,
    }
    if rng.random() < DETAIL_SHARES["ease_of_use"]:
        row["ease_of_use"] = EASE_OF_USE_CHOICES[_near(rng, 5 - rating, 4)]
    if rng.random() < DETAIL_SHARES["helpfulness"]:
        row["helpfulness"] = HELPFULNESS_CHOICES[_near(rng, (5 - rating) / 2, 2)]
    if not NO_BOOKING_QUESTION & {context, tool} and rng.random() < DETAIL_SHARES["would_book"]:
        row["would_book"] = rng.choices(WOULD_BOOK_CHOICES, weights=WOULD_BOOK_WEIGHTS[rating])[0]
    return row


def comment(rng: random.Random, rating: int, context: str, tool: str | None) -> str | None:
    """A comment on a theme that fits the rating and where it was asked, or None (not every
    visitor writes one)."""
    if rng.random() >= COMMENT_SHARE[rating]:
        return None
    weights = dict(THEME_WEIGHTS[mood_of(rating)])
    for where in (context, tool):
        for theme, factor in THEME_BIAS.get(where, {}).items():
            weights[theme] *= factor
    theme = rng.choices(tuple(weights), weights=tuple(weights.values()))[0]
    return make_comment(rng, theme, rating)
