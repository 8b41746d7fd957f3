"""What the admin's sync page shows and does: counts, recent errors, retries."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from leadcapture.admin_audit import record_admin_action
from leadcapture.extensions import db
from leadcapture.models import IntegrationState, Lead, SyncOutbox
from leadcapture.models.outbox import outbox_counts
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import hubspot_configured, queue_sync
from leadcapture.sync.state import hubspot_state


@dataclass
class SyncOverview:
    configured: bool
    state: IntegrationState | None
    counts: dict[str, int]
    problems: list[tuple[SyncOutbox, str]]  # rows with an error, newest first, with the lead's email
    oldest_pending_at: datetime | None  # when the oldest row still waiting was written
    next_attempt_at: datetime | None  # the soonest a pending row is due


def pending_times() -> tuple[datetime | None, datetime | None]:
    """When the oldest pending row was written, and when the next pending row is due."""
    return db.session.execute(
        select(func.min(SyncOutbox.created_at), func.min(SyncOutbox.next_attempt_at)).where(
            SyncOutbox.status == "pending"
        )
    ).one()


def sync_overview(limit: int = 50) -> SyncOverview:
    problems = db.session.execute(
        select(SyncOutbox, Lead.email)
        .join(Lead, Lead.id == SyncOutbox.lead_id)
        .where(SyncOutbox.last_error.is_not(None), SyncOutbox.status != "synced")
        .order_by(SyncOutbox.id.desc())
        .limit(limit)
    ).all()
    oldest, due = pending_times()
    return SyncOverview(
        configured=hubspot_configured(),
        state=hubspot_state(),
        counts=outbox_counts(),
        problems=[(row, email) for row, email in problems],
        oldest_pending_at=oldest,
        next_attempt_at=due,
    )


def retry(row_id: int | None = None, actor_id: int | None = None) -> int:
    """Send one row again (or every dead-lettered row when ``row_id`` is None) now, as ``actor_id``
    in the admin audit log; commits.

    Returns how many rows were put back in the queue.
    """
    query = update(SyncOutbox).where(SyncOutbox.status != "synced")
    query = (
        query.where(SyncOutbox.id == row_id)
        if row_id is not None
        else query.where(SyncOutbox.status == "dead")
    )
    changed = db.session.execute(
        query.values(status="pending", attempts=0, next_attempt_at=utcnow())
    ).rowcount
    record_admin_action(actor_id, "sync.retry", "sync_outbox", row_id, {"rows": changed})
    db.session.commit()
    if changed:
        queue_sync(f"hubspot-retry-{row_id or 'all'}-{int(utcnow().timestamp())}")
    return changed
