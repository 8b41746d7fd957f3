"""The sweeper: a periodic job that queues the sync of rows nobody queued (Redis was down when
they were written, a worker died)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import SyncOutbox
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import queue_sync


def sweep() -> bool:
    """Queue a sync when due pending rows are older than ``HUBSPOT_SWEEP_AFTER_SECONDS`` (a minute:
    younger ones still have their own job); returns whether it did."""
    now = utcnow()
    stale_before = now - timedelta(seconds=current_app.config["HUBSPOT_SWEEP_AFTER_SECONDS"])
    stale = db.session.scalar(
        select(SyncOutbox.id)
        .where(
            SyncOutbox.status == "pending",
            SyncOutbox.next_attempt_at <= now,
            SyncOutbox.created_at <= stale_before,
        )
        .limit(1)
    )
    db.session.rollback()  # end the read transaction: a worker keeps its session for long
    return stale is not None and queue_sync("hubspot-sweep")
