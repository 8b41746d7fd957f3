"""Daily roll-ups of the feedback report (``leadcapture.reports.day_rollups``): the feedback given
and the prompts shown each day, so a report over months reads a few thousand rows. An empty string
in a key column stands for none (a key column cannot be NULL)."""

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db


class FeedbackDay(db.Model):
    """The feedback given on ``day`` by tool, campaign and the session's engagement level."""

    __tablename__ = "feedback_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tool: Mapped[str] = mapped_column(String(32), primary_key=True)
    campaign: Mapped[str] = mapped_column(String(255), primary_key=True)
    engagement_level: Mapped[str] = mapped_column(String(16), primary_key=True)
    feedback: Mapped[int] = mapped_column(Integer)
    rating_sum: Mapped[int] = mapped_column(Integer)
    comments: Mapped[int] = mapped_column(Integer)
    positive: Mapped[int] = mapped_column(Integer)
    negative: Mapped[int] = mapped_column(Integer)


class PromptDay(db.Model):
    """The prompts of a type (the contact form's too) shown on ``day`` at an engagement level, and
    how far they got."""

    __tablename__ = "prompt_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    prompt_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    engagement_level: Mapped[str] = mapped_column(String(16), primary_key=True)
    shown: Mapped[int] = mapped_column(Integer)
    interacted: Mapped[int] = mapped_column(Integer)
    submitted: Mapped[int] = mapped_column(Integer)
    dismissed: Mapped[int] = mapped_column(Integer)
    abandoned: Mapped[int] = mapped_column(Integer)
