"""Contact-form prompts: each offer of the progressive form and what the visitor did with it."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import JSONType, new_id, utcnow

PROMPT_STATUSES = ("offered", "interacted", "submitted", "dismissed", "abandoned")


class ContactPrompt(db.Model):
    __tablename__ = "contact_prompts"
    __table_args__ = (
        Index("ix_contact_prompts_visitor_offered", "visitor_id", "offered_at"),
        Index("ix_contact_prompts_session", "session_id"),
        Index("ix_contact_prompts_offered", "offered_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    session_id: Mapped[str] = mapped_column(ForeignKey("visit_sessions.id", ondelete="CASCADE"))
    fields: Mapped[list] = mapped_column(JSONType)
    score: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="offered")
    offered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    interacted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Left half-filled when the page closed (reported with sendBeacon).
    abandoned_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Left the screen, answered or not (a form not closed is on screen: one prompt at a time).
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
