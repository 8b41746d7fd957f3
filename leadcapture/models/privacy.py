"""The log of data-subject requests (export, erasure, consent withdrawal) and their outcomes.

It never holds the email itself (an erased person must not stay in it): only its keyed hash.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import new_id, utcnow

PRIVACY_REQUEST_KINDS = ("export", "erase", "withdraw_consent")
PRIVACY_CHANNELS = ("cli", "admin", "self_service", "retention")
# requested: a self-service link was sent and not yet followed; done/failed: carried out.
PRIVACY_REQUEST_STATUSES = ("requested", "done", "failed", "expired")


class PrivacyRequest(db.Model):
    __tablename__ = "privacy_requests"
    __table_args__ = (Index("ix_privacy_requests_requested_at", "requested_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    # The staff member who ran it (admin channel); SET NULL: the log outlives accounts.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="requested")
    # What was done ("3 visitors, 41 interactions erased", "unknown email"), never personal data.
    outcome: Mapped[str | None] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
