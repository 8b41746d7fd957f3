"""Contact details as visitors submitted them for a lead, one row per field given.

A public submission never overwrites what a lead holds: a value for an empty field fills it
("filled"), an equal one changes nothing ("same"), a differing one waits for staff ("pending")
until one of them accepts it ("accepted", with who and when). The rows also say which fields each
visitor gave, which is what the progressive form asks from.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK

SUBMITTED_STATES = ("filled", "same", "pending", "accepted")


class SubmittedDetail(db.Model):
    __tablename__ = "submitted_details"
    __table_args__ = (
        Index("ix_submitted_details_lead_submitted", "lead_id", "submitted_at"),
        Index("ix_submitted_details_visitor_lead", "visitor_id", "lead_id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    # SET NULL: a pending value outlives its visitor's row.
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(32))  # one of leads.submitted.SUBMITTED_FIELDS
    value: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))  # one of SUBMITTED_STATES
    submitted_at: Mapped[datetime] = mapped_column(DateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
