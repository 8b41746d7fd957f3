"""Alerts: the rules admins enable (``alert_rules``) and the notifications they open
(``notifications``), at most one open per cause until it clears."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, utcnow

# What an open notification's cause is unique by: its kind and cause while ``cleared_at`` is NULL.
OPEN_NOTIFICATION = text("cleared_at IS NULL")


class AlertRule(db.Model):
    """One rule per kind of alert (``leadcapture.alerts.kinds``); no row: the rule is off."""

    __tablename__ = "alert_rules"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The kind's thresholds by name (validated by ``leadcapture.alerts.rules``).
    thresholds: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Staff email addresses each new alert of the kind is emailed to, normalised.
    recipients: Mapped[list] = mapped_column(JSONType, default=list)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Notification(db.Model):
    """An alert as staff see it: open from ``opened_at`` until it clears. It is for one user
    (``for_user_id``), or everyone with ``for_role``, or all staff when both are None; admins
    see every one."""

    __tablename__ = "notifications"
    __table_args__ = (
        # One open alert per cause, whatever the number of workers opening it at once.
        Index(
            "uq_notifications_open_cause",
            "kind",
            "cause",
            unique=True,
            postgresql_where=OPEN_NOTIFICATION,
            sqlite_where=OPEN_NOTIFICATION,
        ),
        Index("ix_notifications_opened", "opened_at"),
        Index("ix_notifications_lead", "lead_id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    # What it is about within its kind, e.g. "lead:42", "dead_letters", "organisation:acme.com".
    cause: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # What a kind shows beside the body: a hot lead's score breakdown, [{"rule", "points", "why"}].
    details: Mapped[list | None] = mapped_column(JSONType)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    for_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    for_role: Mapped[str | None] = mapped_column(String(16))
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    cleared_at: Mapped[datetime | None] = mapped_column(DateTime)
