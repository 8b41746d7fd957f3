"""Feedback and feedback prompts for the report tests, inserted directly with fixed times."""

from itertools import count

from leadcapture.extensions import db
from leadcapture.models import Feedback, FeedbackPrompt
from tests.admin.report_data import at

_numbers = count(1)


def feedback(when: str, rating: int, comment: str | None = None, **values) -> str:
    """A feedback row given at ``when``; ``values`` are its other columns (sentiment_label,
    tool, campaign, engagement_level, organisation_key, email...)."""
    row = Feedback(
        context=values.pop("context", "tool_result"),
        rating=rating,
        comment=comment,
        follow_up_consent=values.pop("follow_up_consent", False),
        created_at=at(when),
        **values,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def prompt(when: str, level: str, answered: bool = False, prompt_type: str = "tool_result") -> str:
    """A feedback prompt shown at ``when`` (answered: submitted a minute later)."""
    shown = at(when)
    row = FeedbackPrompt(
        prompt_type=prompt_type,
        engagement_level=level,
        status="submitted" if answered else "shown",
        shown_at=shown,
        submitted_at=shown.replace(minute=shown.minute + 1) if answered else None,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def known_week(app) -> dict[str, str]:
    """Four feedback from 2026-03-01 to 03-03 (and two outside that week) and eight prompts shown."""
    with app.app_context():
        ids = {
            "lee_praise": feedback(
                "2026-03-01 10:00",
                5,
                "Lovely staff, thank you",
                sentiment_label="positive",
                sentiment_score=0.8,
                tool="cost_calculator",
                campaign="spring",
                engagement_level="high",
                organisation="Lee Skin Studio",
                organisation_key="lee skin studio",
                name="Ana Lee",
                email="ana@leeskin.example",
                follow_up_consent=True,
            ),
            "plain": feedback("2026-03-01 11:00", 3, tool="cost_calculator", engagement_level="medium"),
            "acme_complaint": feedback(
                "2026-03-02 09:30",
                1,
                "The upload was broken and slow",
                sentiment_label="negative",
                sentiment_score=-0.7,
                tool="face_analysis",
                campaign="spring",
                engagement_level="low",
                organisation_key="acme.example",
                email="bo@acme.example",
            ),
            "lee_neutral": feedback(
                "2026-03-03 16:00",
                4,
                "Booked for next week",
                sentiment_label="neutral",
                sentiment_score=0.0,
                context="exit_intent",
                campaign="summer",
                engagement_level="very_high",
                organisation_key="lee skin studio",
            ),
            "after": feedback("2026-03-08 09:00", 2, tool="cost_calculator"),
            "before": feedback("2026-02-28 23:59", 2, tool="cost_calculator"),
        }
        for when, level, answered in (
            ("2026-03-01 09:00", "high", True),
            ("2026-03-01 09:10", "high", False),
            ("2026-03-01 09:20", "medium", True),
            ("2026-03-01 09:30", "medium", False),
            ("2026-03-02 09:00", "low", False),
            ("2026-03-02 09:10", "low", False),
            ("2026-03-03 15:00", "very_high", True),
            ("2026-03-03 15:10", "very_high", False),
            ("2026-03-08 09:00", "high", True),
        ):
            prompt(when, level, answered)
        db.session.commit()
    return ids
