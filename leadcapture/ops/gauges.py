"""The operational gauges, read when asked (a scrape, the System page, a sample) so that they are
right whichever process answers: the HubSpot outbox and the job queues."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from rq import Queue
from rq.registry import FailedJobRegistry

from leadcapture.jobs import QUEUE_NAMES
from leadcapture.jobs.dispatch import redis_connection
from leadcapture.models.outbox import outbox_counts
from leadcapture.models.types import utcnow
from leadcapture.sync.status import pending_times

# Without Redis, jobs wait in the web process's inline runner: one queue by that name.
INLINE_QUEUE = "inline"


@dataclass(frozen=True)
class OutboxGauges:
    pending: int
    dead: int
    oldest_pending_seconds: float | None  # None: nothing pending

    @property
    def oldest_pending_age(self) -> timedelta | None:
        seconds = self.oldest_pending_seconds
        return None if seconds is None else timedelta(seconds=seconds)


@dataclass(frozen=True)
class QueueGauges:
    depths: dict[str, int]  # jobs waiting, by queue
    failed: dict[str, int]  # jobs in RQ's failed registry, by queue (none inline)


def outbox_gauges(now: datetime | None = None) -> OutboxGauges:
    """Pending and dead-lettered HubSpot outbox rows, and the age of the oldest pending one."""
    counts = outbox_counts(("pending", "dead"))
    oldest, _due = pending_times()
    age = None if oldest is None else max(((now or utcnow()) - oldest).total_seconds(), 0.0)
    return OutboxGauges(counts["pending"], counts["dead"], age)


def queue_gauges() -> QueueGauges:
    """Jobs waiting in each RQ queue and failed in each (raises ``RedisError`` when Redis is down)."""
    connection = redis_connection()
    if connection is None:
        return QueueGauges({INLINE_QUEUE: current_app.extensions["inline_jobs"].waiting}, {})
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    return QueueGauges(
        {queue.name: queue.count for queue in queues},
        {queue.name: FailedJobRegistry(queue=queue).get_job_count(cleanup=False) for queue in queues},
    )
