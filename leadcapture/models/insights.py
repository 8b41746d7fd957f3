"""Per-visitor and per-lead insights (``leadcapture.insights``), kept current from a queue, and the
rules that turn them into next actions for sales.

Database triggers (migration 0030) add an ``InsightQueue`` row for the visitor (a
``LeadInsightQueue`` row for the lead) whenever a session, tool use, contact prompt, booking or lead
link of theirs is written, however it is written; ``leadcapture.insights.refresh`` recomputes the
queued ones from their stored rows, so rows arriving in any order give the same figures.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import JSONType, utcnow


class InsightQueue(db.Model):
    """A visitor whose insight is out of date."""

    __tablename__ = "insight_queue"

    visitor_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class LeadInsightQueue(db.Model):
    """A lead whose insight is out of date (a visitor's queue row reaches their leads too)."""

    __tablename__ = "lead_insight_queue"

    lead_id: Mapped[int] = mapped_column(Integer, primary_key=True)


class InsightColumns:
    """What ``leadcapture.insights.summary.summarise`` stores: nothing here depends on today's date
    (days since, the trend and the flags are worked out when read)."""

    sessions: Mapped[int] = mapped_column(Integer, default=0)
    tool_uses: Mapped[int] = mapped_column(Integer, default=0)
    events_high: Mapped[int] = mapped_column(Integer, default=0)
    events_medium: Mapped[int] = mapped_column(Integer, default=0)
    events_low: Mapped[int] = mapped_column(Integer, default=0)
    exports: Mapped[int] = mapped_column(Integer, default=0)
    bookings: Mapped[int] = mapped_column(Integer, default=0)
    first_activity_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_booking_at: Mapped[datetime | None] = mapped_column(DateTime)
    tool_counts: Mapped[dict] = mapped_column(JSONType, default=dict)  # tool: [uses, events]
    primary_tool: Mapped[str | None] = mapped_column(String(32))
    weeks: Mapped[dict] = mapped_column(JSONType, default=dict)  # Monday (ISO date): activity
    ended_on_high_intent: Mapped[bool] = mapped_column(Boolean, default=False)
    abandoned_form: Mapped[bool] = mapped_column(Boolean, default=False)
    abandoned_booking: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class VisitorInsight(InsightColumns, db.Model):
    __tablename__ = "visitor_insights"

    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), primary_key=True)


class LeadInsight(InsightColumns, db.Model):
    """A lead's insight over all its visitors, with its score (copied for sorting) and the next
    actions the rules give it (``priority``: the most urgent one's; None without any)."""

    __tablename__ = "lead_insights"
    __table_args__ = (
        Index("ix_lead_insights_priority", "priority", "score"),
        Index("ix_lead_insights_score", "score"),
        Index("ix_lead_insights_last_activity", "last_activity_at"),
    )

    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[str] = mapped_column(String(8), default="low")
    actions: Mapped[list] = mapped_column(JSONType, default=list)
    priority: Mapped[int | None] = mapped_column(Integer)
    actions_at: Mapped[datetime | None] = mapped_column(DateTime)


class NextActionRule(db.Model):
    """Sales should ``action`` a lead whose insight meets ``condition`` (``insights.conditions``);
    a lower ``priority`` comes first."""

    __tablename__ = "next_action_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action: Mapped[str] = mapped_column(String(80))
    condition: Mapped[str] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
