"""Staff's answers to feedback comments: each emailed to the person who left the comment (seed 002's
"feedback response"), kept with who wrote it and the email that carried it."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, utcnow

MAX_REPLY_LENGTH = 5000


class FeedbackReply(db.Model):
    __tablename__ = "feedback_replies"
    __table_args__ = (Index("ix_feedback_replies_feedback_created", "feedback_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    feedback_id: Mapped[str] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    # None: an account since deleted (the reply outlives it).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_mail.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
