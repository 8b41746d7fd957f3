"""Visitor feedback: a rating with optional details, tied to its session, visitor, lead and
organisation (seed 002's three levels).

The ids are SET NULL on delete: a purged anonymous visitor or an erased person leaves the ratings
counted (erasure and retention empty what the person wrote and who they said they were).
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import new_id, utcnow

FEEDBACK_CONTEXTS = ("tool_result", "exit_intent", "after_booking", "in_app", "email")
# Multiple-choice answers, best first.
EASE_OF_USE_CHOICES = ("very_easy", "easy", "neutral", "difficult", "very_difficult")
HELPFULNESS_CHOICES = ("very_helpful", "somewhat_helpful", "not_helpful")
WOULD_BOOK_CHOICES = ("yes", "maybe", "no")
SENTIMENT_LABELS = ("positive", "neutral", "negative")
# The optional 1-5 ratings beside the overall one, each a column (reports average them directly).
RATING_DIMENSIONS = ("experience", "tool", "ease_of_use")
MAX_COMMENT_LENGTH = 5000
COMMENT_LIST_COLUMNS = ("sentiment_label", "rating", "tool", "campaign", "organisation_key")


class Feedback(db.Model):
    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_created", "created_at"),
        Index("ix_feedback_tool_created", "tool", "created_at"),
        Index("ix_feedback_campaign_created", "campaign", "created_at"),
        # The admin report's comments, newest first, with what it filters them by (index-only on
        # PostgreSQL).
        Index(
            "ix_feedback_comments_created",
            "created_at",
            "id",
            postgresql_include=COMMENT_LIST_COLUMNS,
            postgresql_where=text("comment IS NOT NULL"),
            sqlite_where=text("comment IS NOT NULL"),
        ),
        Index("ix_feedback_lead_created", "lead_id", "created_at"),
        Index("ix_feedback_organisation_created", "organisation_key", "created_at"),
        # A visitor's or a session's feedback (journeys); also what SET NULL looks up when a visitor,
        # session or tool use is deleted.
        Index("ix_feedback_visitor_created", "visitor_id", "created_at"),
        Index("ix_feedback_session", "session_id"),
        Index("ix_feedback_interaction", "interaction_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # None: no analytics consent (nothing tracked), staff's preview, or a purged visitor.
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id", ondelete="SET NULL"))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("visit_sessions.id", ondelete="SET NULL"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    interaction_id: Mapped[str | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    # The prompt that asked (its table comes with the prompts); kept as given.
    prompt_id: Mapped[str | None] = mapped_column(String(32))
    context: Mapped[str] = mapped_column(String(16))  # one of FEEDBACK_CONTEXTS
    tool: Mapped[str | None] = mapped_column(String(32))  # the rated tool use's tool, for reports
    # The session's utm_campaign, for reports (a join with the sessions costs too much at scale).
    campaign: Mapped[str | None] = mapped_column(String(255))

    rating: Mapped[int] = mapped_column(SmallInteger)
    rating_experience: Mapped[int | None] = mapped_column(SmallInteger)
    rating_tool: Mapped[int | None] = mapped_column(SmallInteger)
    rating_ease_of_use: Mapped[int | None] = mapped_column(SmallInteger)
    ease_of_use: Mapped[str | None] = mapped_column(String(16))  # one of EASE_OF_USE_CHOICES
    helpfulness: Mapped[str | None] = mapped_column(String(16))  # one of HELPFULNESS_CHOICES
    would_book: Mapped[str | None] = mapped_column(String(8))  # one of WOULD_BOOK_CHOICES
    comment: Mapped[str | None] = mapped_column(Text)

    # As given (the lead keeps its own details: a submission never overwrites them).
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    organisation: Mapped[str | None] = mapped_column(String(200))
    # The organisation it counts under: the company given (case and spacing folded), else the email's
    # domain unless that is a free-mail or disposable one.
    organisation_key: Mapped[str | None] = mapped_column(String(255))
    follow_up_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    # VADER's compound score of the comment (-1..1) and its label; None without a comment.
    sentiment_label: Mapped[str | None] = mapped_column(String(8))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    # The session's engagement level when the feedback came (None when unknown).
    engagement_level: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
