"""The admin's System page: readiness, the gauges, the last day's chart, and the job, request and
cache figures ``/metrics`` gives (a part that cannot be read is None, the page says so)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from redis.exceptions import RedisError

from leadcapture.jobs.dispatch import job_timings
from leadcapture.models.types import utcnow
from leadcapture.ops.exposition import counted_metrics, multiprocess
from leadcapture.ops.figures import CacheRow, EndpointRow, JobRow, cache_rows, endpoint_rows, job_rows
from leadcapture.ops.gauges import OutboxGauges, QueueGauges, outbox_gauges, queue_gauges
from leadcapture.ops.health import Check, readiness
from leadcapture.ops.samples import samples_since
from leadcapture.ops.system_chart import samples_chart

CHART_SPAN = timedelta(hours=24)


@dataclass
class SystemOverview:
    checks: list[Check]
    outbox: OutboxGauges
    queues: QueueGauges | None  # None: Redis did not answer
    jobs: list[JobRow] | None  # None: Redis did not answer
    endpoints: list[EndpointRow]
    caches: list[CacheRow]
    chart: dict | None  # None: no samples in the last day
    multiprocess: bool  # the request and cache figures are every gunicorn worker's, not this process's


def system_overview(now: datetime | None = None) -> SystemOverview:
    now = now or utcnow()
    families = list(counted_metrics())
    samples = samples_since(now - CHART_SPAN)
    return SystemOverview(
        checks=readiness(),
        outbox=outbox_gauges(now),
        queues=_or_none(queue_gauges),
        jobs=_or_none(lambda: job_rows(job_timings().tallies())),
        endpoints=endpoint_rows(families),
        caches=cache_rows(families),
        chart=samples_chart(samples) if samples else None,
        multiprocess=multiprocess(),
    )


def _or_none(read):
    try:
        return read()
    except RedisError:
        return None
