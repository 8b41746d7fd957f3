"""Appointment bookings: one per slot, enforced by the database."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import new_id, utcnow


class Booking(db.Model):
    __tablename__ = "bookings"
    __table_args__ = (
        Index("ix_bookings_created", "created_at"),
        Index("ix_bookings_lead", "lead_id"),
        Index("ix_bookings_visitor", "visitor_id"),  # a visitor's journey
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # Unique: two requests for one slot can never both be booked, however they race.
    slot_start: Mapped[datetime] = mapped_column(DateTime, unique=True)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    procedure_id: Mapped[str] = mapped_column(ForeignKey("procedures.id"))
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id", ondelete="SET NULL"))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
