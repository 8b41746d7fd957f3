"""Feedback prompts: each rating card, exit-intent prompt, after-booking prompt, banner and follow-up
email shown to a visitor, and what they did with it; and the prompts' settings (one row).

The contact form's prompts stay in ``contact_prompts`` (the roll-ups, the demo data and the form
decision read them there); ``leadcapture.feedback_prompts.log`` reads both tables as one log.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import JSONType, new_id, utcnow

# The ``context`` values of POST /api/v1/feedback (SPEC): one prompt type each.
FEEDBACK_PROMPT_TYPES = ("tool_result", "exit_intent", "after_booking", "in_app", "email")
FEEDBACK_PROMPT_STATUSES = ("shown", "interacted", "submitted", "dismissed", "abandoned")


class FeedbackPrompt(db.Model):
    """One prompt shown (for ``email``: sent). ``closed_at`` is when it left the screen, answered
    or not; a prompt not closed is still on screen (at most one a session)."""

    __tablename__ = "feedback_prompts"
    __table_args__ = (
        Index("ix_feedback_prompts_visitor_shown", "visitor_id", "shown_at"),
        Index("ix_feedback_prompts_session", "session_id"),
        Index("ix_feedback_prompts_shown", "shown_at"),
        # One follow-up email (and one after-booking prompt) per booking, however jobs race.
        Index("uq_feedback_prompts_booking_type", "booking_id", "prompt_type", unique=True),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    prompt_type: Mapped[str] = mapped_column(String(16))
    # None for a follow-up email of a booking made without a tracked visitor.
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("visit_sessions.id", ondelete="CASCADE"))
    interaction_id: Mapped[str | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    booking_id: Mapped[str | None] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"))
    # The session's engagement level the message was written for.
    engagement_level: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="shown")
    shown_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    interacted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
    abandoned_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)


class FeedbackPromptSettingsRow(db.Model):
    """The prompts' settings as admins saved them (``feedback_prompts.settings``): one row."""

    __tablename__ = "feedback_prompt_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    values: Mapped[dict] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
