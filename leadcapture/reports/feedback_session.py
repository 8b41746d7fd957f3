"""Feedback at the session level (seed 002): a visit's feedback and the journey around it, from the
session's start until a while after its last activity or feedback."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback, VisitSession
from leadcapture.reports.journey import Journey, journey

# Feedback can come after the visit's last tracked moment (the follow-up email, a day later).
AFTER = timedelta(minutes=30)


@dataclass(frozen=True)
class SessionFeedback:
    session: VisitSession
    feedback: list[Feedback]  # oldest first
    journey: Journey


def session_feedback(session_id: str) -> SessionFeedback | None:
    """The session, its feedback and its journey; None when it is unknown (the feedback pages are
    admins' and marketing's, whom no lead scope limits)."""
    session = db.session.get(VisitSession, session_id)
    if session is None:
        return None
    feedback = list(
        db.session.scalars(
            select(Feedback)
            .where(Feedback.session_id == session.id)
            .order_by(Feedback.created_at, Feedback.id)
        )
    )
    last = max([session.last_seen_at, *(row.created_at for row in feedback)])
    window = (session.started_at, last + AFTER)
    return SessionFeedback(session, feedback, journey([session.visitor_id], window=window))
