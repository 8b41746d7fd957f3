"""Visitors and their sessions (visits)."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from leadcapture.extensions import db
from leadcapture.models.types import new_id, utcnow


class Visitor(db.Model):
    """A browser (``lc_vid`` cookie) or a headless client (``visitor_id``)."""

    __tablename__ = "visitors"

    id: Mapped[str] = mapped_column(String(64), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    sessions: Mapped[list["VisitSession"]] = relationship(
        back_populates="visitor", order_by="VisitSession.started_at"
    )


class VisitSession(db.Model):
    """One visit: a run of activity with no gap over 30 minutes and one campaign."""

    __tablename__ = "visit_sessions"
    __table_args__ = (
        Index("ix_visit_sessions_visitor_started", "visitor_id", "started_at"),
        Index("ix_visit_sessions_campaign_started", "utm_campaign", "started_at"),
        Index("ix_visit_sessions_source_started", "utm_source", "utm_medium", "started_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    active_seconds: Mapped[int] = mapped_column(Integer, default=0)

    landing_page: Mapped[str | None] = mapped_column(Text)
    referrer: Mapped[str | None] = mapped_column(Text)
    referrer_class: Mapped[str] = mapped_column(String(16), default="direct")
    utm_source: Mapped[str | None] = mapped_column(String(255))
    utm_medium: Mapped[str | None] = mapped_column(String(255))
    utm_campaign: Mapped[str | None] = mapped_column(String(255))
    utm_term: Mapped[str | None] = mapped_column(String(255))
    utm_content: Mapped[str | None] = mapped_column(String(255))
    gclid: Mapped[str | None] = mapped_column(String(255))
    fbclid: Mapped[str | None] = mapped_column(String(255))

    device_type: Mapped[str | None] = mapped_column(String(16))
    browser: Mapped[str | None] = mapped_column(String(64))
    os: Mapped[str | None] = mapped_column(String(64))
    ip_anonymized: Mapped[str | None] = mapped_column(String(64))
    # Do-Not-Track / Global Privacy Control was set: IP and user agent detail were not stored.
    privacy_signal: Mapped[bool] = mapped_column(Boolean, default=False)

    # Session engagement (``leadcapture.engagement``): this visit's 0-12 score and its level, kept
    # up to date by the tracker; not the visitor's lead score.
    engagement_score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    engagement_level: Mapped[str] = mapped_column(String(16), default="low", server_default="low")

    # Session analytics, counted by the tracker as events land (``tracking.session_counts``):
    # behaviour events by business impact, and exports among them.
    events_high: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    events_medium: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    events_low: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    exports: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    visitor: Mapped[Visitor] = relationship(back_populates="sessions")


class SessionTool(db.Model):
    """A tool a session accessed: its completed uses (interactions) and its ``tool_usage`` events
    (steps such as ``cost_calculator:start``), counted as they land."""

    __tablename__ = "session_tools"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("visit_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    tool: Mapped[str] = mapped_column(String(32), primary_key=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    events: Mapped[int] = mapped_column(Integer, default=0)
