"""The HubSpot outbox: a row per lead change HubSpot should know, written with the change."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, false, func, select
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, utcnow

# pending: to send (again, from next_attempt_at); synced: HubSpot has it;
# dead: gave up (a permanent error or too many attempts) until someone retries it.
OUTBOX_STATUSES = ("pending", "synced", "dead")


class SyncOutbox(db.Model):
    __tablename__ = "hubspot_outbox"
    __table_args__ = (
        Index("ix_hubspot_outbox_status_due", "status", "next_attempt_at"),
        Index("ix_hubspot_outbox_lead", "lead_id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    # Set for a sales note to create in HubSpot (associated with the lead's contact).
    note_id: Mapped[int | None] = mapped_column(ForeignKey("lead_notes.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    # When the current run of transient failures began (None: the last attempt did not fail that way);
    # a row is dead-lettered only after failing for HUBSPOT_DEAD_AFTER_HOURS.
    failing_since: Mapped[datetime | None] = mapped_column(DateTime)
    # A note create whose answer never came: HubSpot may have it, so look before creating again.
    outcome_unknown: Mapped[bool] = mapped_column(default=False, server_default=false())
    # What a row needs beyond its lead (a contact delete: the erased email and contact id), cleared
    # once HubSpot has it.
    payload: Mapped[dict | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column(DateTime)


class IntegrationState(db.Model):
    """What the app knows about an integration right now (e.g. HubSpot refused our token)."""

    __tablename__ = "integration_state"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    credentials_ok: Mapped[bool | None] = mapped_column()
    message: Mapped[str | None] = mapped_column(Text)
    # A fingerprint of the property definitions HubSpot last confirmed it has (None: never set up).
    properties_ready: Mapped[str | None] = mapped_column(String(64))
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


def outbox_counts(statuses: tuple[str, ...] = OUTBOX_STATUSES, lead_id: int | None = None) -> dict[str, int]:
    """How many outbox rows (of one lead's, with ``lead_id``) have each of ``statuses`` (pending,
    synced, dead-lettered)."""
    query = select(SyncOutbox.status, func.count()).where(SyncOutbox.status.in_(statuses))
    if lead_id is not None:
        query = query.where(SyncOutbox.lead_id == lead_id)
    counts = dict(db.session.execute(query.group_by(SyncOutbox.status)).all())
    return {status: counts.get(status, 0) for status in statuses}
