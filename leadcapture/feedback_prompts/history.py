"""The facts the caps decide on, read from the prompt log (``caps.PromptHistory``)."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import exists, func, select

from leadcapture.extensions import db
from leadcapture.feedback_prompts.caps import PromptHistory
from leadcapture.models import ContactPrompt, Feedback, FeedbackPrompt, Interaction
from leadcapture.tracking.visits import SESSION_TIMEOUT

OPEN_FEEDBACK = ("shown", "interacted")
OPEN_CONTACT = ("offered", "interacted")


def visitor_answers(visitor_id: str) -> PromptHistory:
    """When the visitor last sent feedback (through a prompt or not), and last dismissed a prompt."""
    return _with_answers(PromptHistory(), db.session.execute(select(*_answers(visitor_id))).one())


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
    on_screen, tool_used, *answers = db.session.execute(
        select(
            feedback_open | contact_open,
            exists().where(Interaction.session_id == session_id),
            *_answers(visitor_id),
        )
    ).one()
    history = PromptHistory(frozenset(types), on_screen, tool_used)
    return _with_answers(history, answers)


def _answers(visitor_id: str) -> tuple:
    """Scalar subqueries: the visitor's last prompt submitted, feedback sent and prompt dismissed."""
    mine = FeedbackPrompt.visitor_id == visitor_id
    return (
        select(func.max(FeedbackPrompt.submitted_at)).where(mine).scalar_subquery(),
        select(func.max(Feedback.created_at)).where(Feedback.visitor_id == visitor_id).scalar_subquery(),
        select(func.max(FeedbackPrompt.dismissed_at)).where(mine).scalar_subquery(),
    )


def _with_answers(history: PromptHistory, answers) -> PromptHistory:
    prompt_submitted, feedback_sent, dismissed = answers
    sent = [moment for moment in (prompt_submitted, feedback_sent) if moment is not None]
    return replace(history, last_submission=max(sent, default=None), last_dismissal=dismissed)
