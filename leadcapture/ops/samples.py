"""Samples of the gauges for the System page's chart: the ``system-sample`` job takes one every
five minutes (``leadcapture.jobs.table``) and forgets those older than ``KEEP``."""

from datetime import datetime, timedelta

from sqlalchemy import delete, select

from leadcapture.extensions import db
from leadcapture.models import SystemSample
from leadcapture.models.types import utcnow
from leadcapture.ops.gauges import outbox_gauges, queue_gauges

KEEP = timedelta(days=3)


def take_sample(now: datetime | None = None) -> int:
    """The job: store the outbox and queue gauges now, drop samples older than ``KEEP``; commits.
    Returns the new sample's id."""
    now = now or utcnow()
    outbox = outbox_gauges(now)
    sample = SystemSample(
        taken_at=now,
        outbox_pending=outbox.pending,
        outbox_dead=outbox.dead,
        oldest_pending_seconds=outbox.oldest_pending_seconds,
        queue_depths=queue_gauges().depths,
    )
    db.session.add(sample)
    db.session.execute(delete(SystemSample).where(SystemSample.taken_at < now - KEEP))
    db.session.commit()
    return sample.id


def samples_since(start: datetime) -> list[SystemSample]:
    """The samples taken from ``start`` on, oldest first."""
    query = select(SystemSample).where(SystemSample.taken_at >= start).order_by(SystemSample.taken_at)
    return list(db.session.scalars(query))
