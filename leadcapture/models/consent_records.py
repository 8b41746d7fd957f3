"""Consent records: answers to the tracking consent banner (what was shown, what was chosen, when;
no IP) and withdrawals of a lead's marketing consent."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, utcnow


class TrackingConsent(db.Model):
    """One answer: ``analytics`` allowed or not (necessary cookies only), with the banner's text.

    ``withdrawal`` marks a "no" given while tracking was allowed (by an earlier "yes", or implied
    under TRACKING_CONSENT=implied). The visitor is the one tracked from a "yes", or the one a
    "no" stops tracking (None: none was known).
    """

    __tablename__ = "tracking_consents"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    # SET NULL: erasing or purging a visitor keeps the (then anonymous) record of the answer.
    visitor_id: Mapped[str | None] = mapped_column(ForeignKey("visitors.id", ondelete="SET NULL"), index=True)
    analytics: Mapped[bool] = mapped_column(Boolean)
    withdrawal: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class MarketingConsentWithdrawal(db.Model):
    """A lead's marketing consent withdrawn: when, through which channel (admin, self_service) and
    by which staff member (None: the person themselves)."""

    __tablename__ = "marketing_consent_withdrawals"
    __table_args__ = (Index("ix_marketing_consent_withdrawals_lead_created", "lead_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    # SET NULL: the record outlives the staff account.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
