"""One mechanism for "a synced field changed": whatever path changes a lead field HubSpot shows,
the same transaction gets an outbox row for the lead (at most one; the sync sends the lead as it is
then).

ORM changes are seen at flush, from each attribute's history (setting the stored value again is
no change); bulk Core updates, which bypass the ORM, go through ``leads.bulk.update_leads``, which
records them with ``record_bulk_changes``. A lead staff deleted records none: HubSpot hears of it
again if it is restored (``leads.deletion``).
"""

from flask import Flask
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from leadcapture.extensions import db
from leadcapture.integrations.hubspot_properties import SENT_ATTRIBUTION
from leadcapture.listeners import listen_once
from leadcapture.models import Lead
from leadcapture.sync.outbox import insert_rows, recorded_leads

# The lead attributes sent to HubSpot, each with the outbox reason its change gives.
SYNCED = {
    "email": "contact",
    "name": "contact",
    "phone": "contact",
    "company": "contact",
    "status": "status",
    "owner_id": "owner",
    "score": "score",
    "engagement_level": "score",
    "tools_used": "tools",
    "lifecycle_stage": "lifecycle",
    "consent_marketing": "consent",
    "feedback_count": "feedback",
    "feedback_average": "feedback",
    "feedback_latest_rating": "feedback",
    **dict.fromkeys(SENT_ATTRIBUTION, "attribution"),
}
REASON_LENGTH = 32  # SyncOutbox.reason


def change_reason(names) -> str:
    """What changed, for the outbox row: e.g. "score" or "status,lifecycle" ("several" if too long)."""
    reason = ",".join(dict.fromkeys(SYNCED[name] for name in names))
    return reason if len(reason) <= REASON_LENGTH else "several"


def changed_fields(lead: Lead) -> list[str]:
    """The synced attributes of ``lead`` with a net change since it was loaded or last flushed."""
    attrs = inspect(lead).attrs
    return [name for name in SYNCED if attrs[name].history.has_changes()]


def stored_synced_values(lead_ids: list[int]) -> dict[int, dict]:
    """The synced values of each lead as stored, by id (for bulk updates to compare with)."""
    columns = [getattr(Lead, name) for name in SYNCED]
    rows = db.session.execute(select(Lead.id, Lead.deleted_at, *columns).where(Lead.id.in_(lead_ids)))
    return {row.id: row._asdict() for row in rows}


def record_bulk_changes(before: dict[int, dict], updates: list[dict]) -> int:
    """Outbox rows (one insert) for the leads of ``updates`` (``id`` and the values about to be set
    by a bulk Core update, which the ORM does not see) whose synced values differ from ``before``;
    returns how many leads changed."""
    reasons = {}
    for row in updates:
        stored = before[row["id"]]
        changed = [name for name in SYNCED if name in row and row[name] != stored[name]]
        if changed and stored["deleted_at"] is None:
            reasons[row["id"]] = change_reason(changed)
    _record(db.session(), reasons)
    return len(reasons)


def _record(session: Session, reasons: dict[int, str]) -> None:
    """Outbox rows for the leads of ``reasons`` that have none in this transaction yet."""
    recorded = recorded_leads(session)
    new = {lead_id: reason for lead_id, reason in reasons.items() if lead_id not in recorded}
    if new:
        insert_rows(session, new)


def _leads(objects) -> list[Lead]:
    return [obj for obj in objects if isinstance(obj, Lead)]


def init_app(app: Flask) -> None:
    """Listen to sessions and to the synced attributes of ``Lead`` (see the module's docstring)."""
    listen_once(Session, "after_flush", _record_synced_changes)
    for name in SYNCED:
        listen_once(getattr(Lead, name), "set", _load_stored_value, active_history=True)


def _record_synced_changes(session: Session, _context) -> None:
    reasons = {lead.id: "created" for lead in _leads(session.new)}
    for lead in _leads(session.dirty):
        changed = changed_fields(lead)
        if changed and lead.deleted_at is None:
            reasons[lead.id] = change_reason(changed)
    _record(session, reasons)


def _load_stored_value(_lead, _value, _old, _initiator) -> None:
    """Listening with active history makes SQLAlchemy load a synced attribute's stored value before
    it is set, so that setting an unloaded attribute to the value it has is no change either."""
