"""The facts the caps decide on, read from the prompt log (``caps.PromptHistory``)."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import exists, func, select

from leadcapture.extensions import db
from leadcapture.feedback_prompts.caps import PromptHistory
from leadcapture.models import ContactPrompt, FeedbackPrompt, Interaction
from leadcapture.tracking.visits import SESSION_TIMEOUT

OPEN_FEEDBACK = ("shown", "interacted")
OPEN_CONTACT = ("offered", "interacted")


def visitor_answers(visitor_id: str) -> PromptHistory:
    """When the visitor last sent feedback through a prompt, and last dismissed one."""
    return PromptHistory(**db.session.execute(select(*_answers(visitor_id))).one()._asdict())


def prompt_history(visitor_id: str, session_id: str, now: datetime) -> PromptHistory:
    """This session's prompts and the visitor's latest answers, in two queries.

    A prompt is on screen until it is answered, dismissed, abandoned or closed with its page; one
    whose page never said so (a lost beacon) counts no longer than a session lasts.
    """
    types = db.session.scalars(
        select(FeedbackPrompt.prompt_type).where(FeedbackPrompt.session_id == session_id).distinct()
    )
    since = now - SESSION_TIMEOUT
    feedback_open = exists().where(
        FeedbackPrompt.session_id == session_id,
        FeedbackPrompt.status.in_(OPEN_FEEDBACK),
        FeedbackPrompt.closed_at.is_(None),
        FeedbackPrompt.shown_at > since,
    )
    contact_open = exists().where(
        ContactPrompt.session_id == session_id,
        ContactPrompt.status.in_(OPEN_CONTACT),
        ContactPrompt.closed_at.is_(None),
        ContactPrompt.offered_at > since,
    )
    row = db.session.execute(
        select(
            (feedback_open | contact_open).label("on_screen"),
            exists().where(Interaction.session_id == session_id).label("tool_used"),
            *_answers(visitor_id),
        )
    ).one()
    return replace(PromptHistory(**row._asdict()), types_this_session=frozenset(types))


def _answers(visitor_id: str):
    mine = FeedbackPrompt.visitor_id == visitor_id
    return (
        select(func.max(FeedbackPrompt.submitted_at)).where(mine).scalar_subquery().label("last_submission"),
        select(func.max(FeedbackPrompt.dismissed_at)).where(mine).scalar_subquery().label("last_dismissal"),
    )
