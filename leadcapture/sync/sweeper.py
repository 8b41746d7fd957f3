"""The sweeper: a periodic job that queues the sync of rows nobody queued (Redis was down when
they were written, a worker died), and schedules its own next run."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue_in
from leadcapture.models import SyncOutbox
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import queue_sync

SWEEP_JOB = "leadcapture.sync.sweeper.sweep"
SWEEP_EVERY_SECONDS = 60


def sweep(reschedule: bool = True) -> bool:
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
    queued = stale is not None and queue_sync("hubspot-sweep")
    if reschedule:
        enqueue_in(SWEEP_EVERY_SECONDS, SWEEP_JOB, queue="maintenance", job_id="hubspot-sweeper")
    return queued
