"""Samples of the operational gauges (``leadcapture.ops.samples`` takes one every few minutes),
for the admin's System page to chart the last day; kept a few days."""

from datetime import datetime

from sqlalchemy import DateTime, Float, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType


class SystemSample(db.Model):
    __tablename__ = "system_samples"
    __table_args__ = (Index("ix_system_samples_taken_at", "taken_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    outbox_pending: Mapped[int] = mapped_column(Integer)
    outbox_dead: Mapped[int] = mapped_column(Integer)
    # None: nothing was pending.
    oldest_pending_seconds: Mapped[float | None] = mapped_column(Float)
    # Jobs waiting per queue ({"hubspot": 0, "default": 2, ...}; "inline" without Redis).
    queue_depths: Mapped[dict] = mapped_column(JSONType)
