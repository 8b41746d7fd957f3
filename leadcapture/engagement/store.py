"""Session engagement kept on ``visit_sessions`` as the session goes on (see ``score``).

The writers call these: the tracker when a hit adds active time (``follow_active_time``: no query)
and when a tool use lands, the contact-form log when a form is started or submitted
(``refresh_session_engagement``: two small queries on the session's own rows). Neither commits.
"""

from sqlalchemy import func, select

from leadcapture.engagement.score import (
    SessionActivity,
    SessionEngagement,
    engagement_level,
    measure,
    with_active_time,
)
from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, Interaction, VisitSession


def load_activity(session: VisitSession) -> SessionActivity:
    """What ``session`` did, from its tool uses and contact-form prompts in the database."""
    tool_uses = db.session.execute(
        select(Interaction.tool, func.count())
        .where(Interaction.session_id == session.id)
        .group_by(Interaction.tool)
    ).all()
    started, submitted = db.session.execute(
        select(func.count(ContactPrompt.interacted_at), func.count(ContactPrompt.submitted_at)).where(
            ContactPrompt.session_id == session.id
        )
    ).one()
    return SessionActivity(session.active_seconds, dict(tool_uses), started > 0, submitted > 0)


def set_engagement(session: VisitSession, activity: SessionActivity) -> SessionEngagement:
    """Store the engagement of ``activity`` on ``session``."""
    engagement = measure(activity)
    session.engagement_score, session.engagement_level = engagement.score, engagement.level
    return engagement


def refresh_session_engagement(session: VisitSession) -> SessionEngagement:
    """Recompute ``session``'s engagement from its rows (after a tool use or a contact form)."""
    return set_engagement(session, load_activity(session))


def follow_active_time(session: VisitSession, before_seconds: int) -> None:
    """Move the stored engagement with the active time, which went up from ``before_seconds``."""
    score = with_active_time(session.engagement_score or 0, before_seconds, session.active_seconds)
    if score != session.engagement_score:
        session.engagement_score, session.engagement_level = score, engagement_level(score)


def session_engagement(session_id: str | None) -> tuple[int, str]:
    """The stored ``(score, level)`` of a session; ``(0, "low")`` for none or an unknown one."""
    if session_id is None:
        return 0, "low"
    stored = db.session.execute(
        select(VisitSession.engagement_score, VisitSession.engagement_level).where(
            VisitSession.id == session_id
        )
    ).first()
    return (stored.engagement_score, stored.engagement_level) if stored else (0, "low")
