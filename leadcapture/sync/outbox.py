"""Writing outbox rows with lead changes, and queueing their sync once the change is committed.

A lead has at most one row per transaction: the sync reads the lead as it is then, so one row
carries every change (``leadcapture.sync.changes`` writes them for any change of a synced field).
"""

from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue
from leadcapture.listeners import listen_once
from leadcapture.models import Lead, LeadNote, SyncOutbox
from leadcapture.models.types import utcnow

PENDING_KEY = "leadcapture.outbox_rows"
RECORDED_KEY = "leadcapture.outbox_leads"


def hubspot_configured() -> bool:
    return bool(current_app.config.get("HUBSPOT_ACCESS_TOKEN"))


def recorded_leads(session: Session) -> set[int]:
    """The ids of the leads that have an outbox row in ``session``'s transaction."""
    return session.info.setdefault(RECORDED_KEY, set())


def record_change(lead: Lead, reason: str) -> SyncOutbox | None:
    """Add an outbox row for ``lead`` to the current transaction unless it has one (then None);
    its sync is queued after commit."""
    recorded = recorded_leads(db.session())
    if lead.id in recorded:
        return None
    recorded.add(lead.id)
    return _add_row(lead.id, reason)


def record_note(note: LeadNote) -> SyncOutbox:
    """Add an outbox row carrying ``note`` (flushed) to its lead's HubSpot contact."""
    row = _add_row(note.lead_id, "note")
    row.note_id = note.id
    return row


def insert_rows(session: Session, changes: dict[int, str]) -> None:
    """Insert an outbox row per lead id of ``changes`` (with its reason) in one statement, for
    code that cannot add ORM objects (a flush hook, bulk updates); their sync is queued after commit."""
    now = utcnow()
    table = SyncOutbox.__table__
    rows = [
        {"lead_id": lead_id, "reason": reason, "status": "pending", "created_at": now, "next_attempt_at": now}
        for lead_id, reason in changes.items()
    ]
    ids = session.connection().scalars(table.insert().returning(table.c.id), rows).all()
    recorded_leads(session).update(changes)
    session.info.setdefault(PENDING_KEY, []).extend(ids)


def _add_row(lead_id: int, reason: str) -> SyncOutbox:
    row = SyncOutbox(
        lead_id=lead_id, reason=reason, status="pending", created_at=utcnow(), next_attempt_at=utcnow()
    )
    db.session.add(row)
    return row


def queue_sync(job_id: str) -> bool:
    """Queue the sync job (not when HubSpot is not configured: rows then simply wait)."""
    if not hubspot_configured():
        return False
    return enqueue("hubspot-sync", job_id=job_id)


def init_app(app: Flask) -> None:
    """Listen to sessions: remember the outbox rows each transaction writes, queue their sync after
    the commit, forget them on a rollback."""
    listen_once(Session, "after_flush", _remember_new_rows)
    listen_once(Session, "after_commit", _queue_committed_rows)
    listen_once(Session, "after_rollback", _forget_rolled_back_rows)


def _remember_new_rows(session: Session, _context) -> None:
    ids = [row.id for row in session.new if isinstance(row, SyncOutbox)]
    if ids:
        session.info.setdefault(PENDING_KEY, []).extend(ids)


def _queue_committed_rows(session: Session) -> None:
    session.info.pop(RECORDED_KEY, None)
    ids = session.info.pop(PENDING_KEY, [])
    if ids and has_app_context():
        # Named after the newest row of the commit, so one change is never queued twice.
        queue_sync(f"hubspot-outbox-{max(ids)}")


def _forget_rolled_back_rows(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(RECORDED_KEY, None)
