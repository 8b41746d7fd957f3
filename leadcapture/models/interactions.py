"""Interactions (CTA tool uses) and behaviour events."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, new_id, utcnow


class Interaction(db.Model):
    """One use of a CTA tool, written only by the tracker."""

    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_visitor_created", "visitor_id", "created_at"),
        Index("ix_interactions_tool_created", "tool", "created_at"),
        Index("ix_interactions_session_created", "session_id", "created_at"),
        Index("ix_interactions_created", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    session_id: Mapped[str] = mapped_column(ForeignKey("visit_sessions.id", ondelete="CASCADE"))
    tool: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict] = mapped_column(JSONType, default=dict)
    time_on_tool_seconds: Mapped[int | None] = mapped_column(Integer)
    # Hash of tool + input: a repeat within seconds (double click, reload) is recorded once.
    input_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BehaviourEvent(db.Model):
    """A page view, click, form submit... sent in batches by the JavaScript tracker."""

    __tablename__ = "behaviour_events"
    __table_args__ = (
        Index("ix_behaviour_events_visitor_created", "visitor_id", "created_at"),
        Index("ix_behaviour_events_type_created", "event_type", "created_at"),
        Index("ix_behaviour_events_session", "session_id"),
        Index("ix_behaviour_events_impact_created", "impact", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("visit_sessions.id", ondelete="CASCADE"))
    event_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(255))
    properties: Mapped[dict] = mapped_column(JSONType, default=dict)
    page_url: Mapped[str | None] = mapped_column(Text)
    client_timestamp: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Business impact (``tracking.impact``), as the impact table said when the event was stored.
    impact: Mapped[str] = mapped_column(String(8), default="low", server_default="low")
    # From the tracker: how long the page had been open, and the visit had lasted, at the event.
    time_on_page_ms: Mapped[int | None] = mapped_column(Integer)
    session_duration_ms: Mapped[int | None] = mapped_column(Integer)
