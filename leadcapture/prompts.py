"""The contact-form prompt log: each offer, and whether it was used, submitted, dismissed or
abandoned (what pages report goes through ``feedback_prompts.lifecycle``)."""

from datetime import datetime

from sqlalchemy import func, select

from leadcapture.engagement import refresh_session_engagement
from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, VisitSession
from leadcapture.models.insert import insert_new
from leadcapture.models.types import utcnow

# status -> the timestamp column it sets
OUTCOMES = {
    "interacted": "interacted_at",
    "submitted": "submitted_at",
    "dismissed": "dismissed_at",
    "abandoned": "abandoned_at",
}


def offer_prompt(
    visitor_id: str, session_id: str, fields: list[str], score: int, now: datetime | None = None
):
    """Log that the form was offered with ``fields`` (no commit)."""
    prompt = ContactPrompt(
        visitor_id=visitor_id, session_id=session_id, fields=fields, score=score, offered_at=now or utcnow()
    )
    insert_new(prompt)
    return prompt


def mark_prompt(prompt: ContactPrompt, status: str, now: datetime | None = None) -> None:
    """Record what the visitor did with a prompt (no commit). A submission is never undone.

    A form started or submitted for the first time raises its session's engagement."""
    if status not in OUTCOMES:
        raise ValueError(f"status must be one of {', '.join(OUTCOMES)}")
    if prompt.status == "submitted":
        return
    column = OUTCOMES[status]
    engages = status != "dismissed" and getattr(prompt, column) is None
    prompt.status = status
    setattr(prompt, column, now or utcnow())
    if engages:
        db.session.flush()  # the prompt's new state is one of the facts read back
        refresh_session_engagement(db.session.get(VisitSession, prompt.session_id))


def last_dismissal(visitor_id: str) -> datetime | None:
    """When this visitor last dismissed the form, if ever."""
    return db.session.scalar(
        select(func.max(ContactPrompt.dismissed_at)).where(ContactPrompt.visitor_id == visitor_id)
    )


def prompts_in_session(session_id: str) -> int:
    """How many times the form was offered in this session."""
    return db.session.scalar(
        select(func.count()).select_from(ContactPrompt).where(ContactPrompt.session_id == session_id)
    )
