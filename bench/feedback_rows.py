"""Feedback rows for a benchmark database, written directly: ``add_feedback(count)`` gives the loaded
sessions ``count`` feedback rows and the feedback prompts shown around them.

The admin benchmark's full data set gets its feedback from ``flask demo-data`` (about 100k rows at
2.38M visitors); this lets a smaller demo data set carry as much feedback, so the feedback page
can be timed at 100k rows without an hour of loading (``python -m bench.admin --visitors 50000
--feedback 100000``). Each feedback is given in a random loaded session (its campaign and engagement
level), as one of the prompt contexts, with the demo's ratings, details and comments (its five
themes) and VADER's sentiment; some name an employer. Each answered prompt comes with the prompts
of its kind shown and not answered at the demo's response rates (about 9 a feedback), some
dismissed or abandoned.
"""

import functools
import random
from datetime import timedelta

from sqlalchemy import insert, select

from leadcapture.cta.registry import TOOLS
from leadcapture.demo import feedback_answers as answers
from leadcapture.demo.feedback import ORGANISATIONS, RESPONSE_RATES
from leadcapture.extensions import db
from leadcapture.feedback.organisation import organisation_key
from leadcapture.feedback.sentiment import sentiment_of
from leadcapture.models import Feedback, FeedbackPrompt, VisitSession
from leadcapture.models.types import new_id

BATCH = 5000
EMPLOYER_SHARE = 0.1
# How the prompts that were not answered ended.
UNANSWERED = {"shown": 70, "dismissed": 25, "abandoned": 5}


@functools.cache
def _sentiment(text: str):
    return sentiment_of(text)


def add_feedback(count: int, seed: int = 14) -> dict[str, int]:
    """Write ``count`` feedback rows and their prompts into the loaded sessions; commits. The rows
    written per table."""
    rng = random.Random(seed)
    sessions = db.session.execute(
        select(
            VisitSession.id,
            VisitSession.visitor_id,
            VisitSession.started_at,
            VisitSession.last_seen_at,
            VisitSession.utm_campaign,
            VisitSession.engagement_level,
        )
    ).all()
    written = {"feedback": 0, "feedback_prompts": 0}
    feedback, prompts = [], []
    for _ in range(count):
        row, shown = _answer(rng, rng.choice(sessions))
        feedback.append(row)
        prompts += shown
        if len(feedback) >= BATCH:
            _write(feedback, prompts, written)
    _write(feedback, prompts, written)
    return written


def _answer(rng: random.Random, session) -> tuple[dict, list[dict]]:
    """A feedback row given in ``session`` and the prompts of its kind shown around it."""
    context = rng.choices(tuple(RESPONSE_RATES), weights=(50, 25, 10, 10, 5))[0]
    tool = rng.choice(tuple(TOOLS)) if context in ("tool_result", "exit_intent") else None
    level = session.engagement_level
    at = session.started_at + (session.last_seen_at - session.started_at) * rng.random()
    at += timedelta(seconds=rng.uniform(5, 60))
    rating = answers.pick_rating(rng, context, tool, level)
    text = answers.comment(rng, rating, context, tool)
    mood = _sentiment(text) if text else None
    employer = rng.choice(tuple(ORGANISATIONS)) if rng.random() < EMPLOYER_SHARE else None
    row = {
        "id": new_id(),
        "visitor_id": session.visitor_id,
        "session_id": session.id,
        "context": context,
        "tool": tool,
        "campaign": session.utm_campaign,
        "engagement_level": level,
        "rating": rating,
        **answers.details(rng, rating, context, tool),
        "comment": text,
        "organisation": employer,
        "organisation_key": organisation_key(employer, None),
        "follow_up_consent": False,
        "sentiment_label": mood.label if mood else None,
        "sentiment_score": mood.score if mood else None,
        "created_at": at,
    }
    unanswered = round(1 / RESPONSE_RATES[context]) - 1
    shown = [_prompt(rng, session, context, at, "submitted")]
    shown += [
        _prompt(rng, session, context, at - timedelta(minutes=rng.uniform(1, 60 * 24 * 30)), _ending(rng))
        for _ in range(min(unanswered, 30))
    ]
    return row, shown


def _ending(rng: random.Random) -> str:
    return rng.choices(tuple(UNANSWERED), weights=tuple(UNANSWERED.values()))[0]


def _prompt(rng: random.Random, session, context: str, at, status: str) -> dict:
    later = at + timedelta(seconds=rng.uniform(2, 40))
    return {
        "id": new_id(),
        "prompt_type": context,
        "visitor_id": session.visitor_id,
        "session_id": session.id,
        "engagement_level": session.engagement_level or "low",
        "status": status,
        "shown_at": at,
        "interacted_at": later if status in ("submitted", "abandoned") else None,
        "submitted_at": later if status == "submitted" else None,
        "dismissed_at": later if status == "dismissed" else None,
        "abandoned_at": later if status == "abandoned" else None,
        "closed_at": later if status != "shown" else None,
    }


def _write(feedback: list[dict], prompts: list[dict], written: dict[str, int]) -> None:
    if feedback:
        db.session.execute(insert(Feedback.__table__), feedback)
        db.session.execute(insert(FeedbackPrompt.__table__), prompts)
        db.session.commit()
        written["feedback"] += len(feedback)
        written["feedback_prompts"] += len(prompts)
        feedback.clear()
        prompts.clear()
