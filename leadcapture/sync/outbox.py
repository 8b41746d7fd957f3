"""Writing outbox rows with lead changes, and queueing their sync once the change is committed."""

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue
from leadcapture.models import Lead, SyncOutbox
from leadcapture.models.types import utcnow

SYNC_JOB = "leadcapture.sync.job.sync_pending"
PENDING_KEY = "leadcapture.outbox_rows"


def hubspot_configured() -> bool:
    return bool(current_app.config.get("HUBSPOT_ACCESS_TOKEN"))


def record_change(lead: Lead, reason: str) -> SyncOutbox:
    """Add an outbox row for ``lead`` to the current transaction; its sync is queued after commit."""
    row = SyncOutbox(
        lead_id=lead.id, reason=reason, status="pending", created_at=utcnow(), next_attempt_at=utcnow()
    )
    db.session.add(row)
    return row


def queue_sync(job_id: str) -> bool:
    """Queue the sync job (not when HubSpot is not configured: rows then simply wait)."""
    if not hubspot_configured():
        return False
    return enqueue(SYNC_JOB, queue="hubspot", job_id=job_id)


@event.listens_for(Session, "after_flush")
def _remember_new_rows(session: Session, _context) -> None:
    ids = [row.id for row in session.new if isinstance(row, SyncOutbox)]
    if ids:
        session.info.setdefault(PENDING_KEY, []).extend(ids)


@event.listens_for(Session, "after_commit")
def _queue_committed_rows(session: Session) -> None:
    ids = session.info.pop(PENDING_KEY, [])
    if ids and has_app_context():
        # Named after the newest row of the commit, so one change is never queued twice.
        queue_sync(f"hubspot-outbox-{max(ids)}")


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_rows(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
