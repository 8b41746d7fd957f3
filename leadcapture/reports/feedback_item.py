"""One feedback in full, for its admin page: its replies, the person it belongs to, and whether
staff can answer it."""

from dataclasses import dataclass

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.feedback.replies import can_answer
from leadcapture.models import Feedback, FeedbackReply, User
from leadcapture.reports.feedback_people import person_link


@dataclass(frozen=True)
class FeedbackItem:
    feedback: Feedback
    replies: list[tuple[FeedbackReply, str | None]]  # oldest first, with the author's email
    person: tuple[str, str] | None  # (kind, key) for the person page
    refusal: str | None  # why it cannot be answered (None: it can)


def feedback_item(feedback_id: str) -> FeedbackItem | None:
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        return None
    query = (
        select(FeedbackReply, User.email)
        .outerjoin(User, User.id == FeedbackReply.author_id)
        .where(FeedbackReply.feedback_id == feedback_id)
        .order_by(FeedbackReply.created_at, FeedbackReply.id)
    )
    replies = [tuple(row) for row in db.session.execute(query)]
    return FeedbackItem(feedback, replies, person_link(feedback), can_answer(feedback))
