"""Business-impact rules admins added to the default table (``leadcapture.tracking.impact``)."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import utcnow


class EventImpactRule(db.Model):
    """One rule: events of ``event_type`` whose name matches ``pattern`` have ``impact``; it
    replaces the default rule of the same type and pattern, if there is one."""

    __tablename__ = "event_impact_rules"
    __table_args__ = (UniqueConstraint("event_type", "pattern"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(32))
    pattern: Mapped[str] = mapped_column(String(255))
    impact: Mapped[str] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
