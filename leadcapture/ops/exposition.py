"""What ``/metrics`` answers, in Prometheus' text format: the metrics this process (or, with
``PROMETHEUS_MULTIPROC_DIR``, every gunicorn worker) counted, and the figures read at scrape time
(the outbox, the queues, job durations), which are right whichever process answers.

A source that cannot be read (the database or Redis down) is left out and reported by
``leadcapture_metrics_source_up``; the rest is still answered.
"""

import logging
import os
from collections.abc import Callable, Iterable, Iterator

from prometheus_client import REGISTRY, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.utils import floatToGoString
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import job_timings
from leadcapture.ops.gauges import outbox_gauges, queue_gauges

log = logging.getLogger(__name__)


def multiprocess() -> bool:
    """Whether the counted metrics are gathered from ``PROMETHEUS_MULTIPROC_DIR``."""
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def counted_metrics() -> Iterable[Metric]:
    """The request and cache metrics (and, in one process, its CPU, memory and GC figures)."""
    return MultiProcessCollector(None).collect() if multiprocess() else REGISTRY.collect()


def outbox_families() -> list[Metric]:
    outbox = outbox_gauges()
    rows = GaugeMetricFamily("leadcapture_hubspot_outbox_rows", "HubSpot outbox rows.", labels=["status"])
    rows.add_metric(["pending"], outbox.pending)
    rows.add_metric(["dead"], outbox.dead)
    age = GaugeMetricFamily(
        "leadcapture_hubspot_outbox_oldest_pending_age_seconds",
        "How long the oldest pending outbox row has waited (0: none pending).",
        value=outbox.oldest_pending_seconds or 0.0,
    )
    return [rows, age]


def queue_families() -> list[Metric]:
    queues = queue_gauges()
    depth = GaugeMetricFamily("leadcapture_queue_depth", "Jobs waiting, by queue.", labels=["queue"])
    for name, count in queues.depths.items():
        depth.add_metric([name], count)
    failed = GaugeMetricFamily(
        "leadcapture_queue_failed_jobs", "Jobs in RQ's failed registry, by queue.", labels=["queue"]
    )
    for name, count in queues.failed.items():
        failed.add_metric([name], count)
    return [depth, failed, *job_families()]


def job_families() -> list[Metric]:
    """The jobs' duration histogram and failure counts, from where the runs were counted."""
    durations = HistogramMetricFamily(
        "leadcapture_job_duration_seconds", "Time a job's runs took, by job.", labels=["job"]
    )
    failures = CounterMetricFamily(
        "leadcapture_job_failures", "Job runs that failed, by job.", labels=["job"]
    )
    for job, tally in job_timings().tallies().items():
        buckets = [(floatToGoString(bound), count) for bound, count in tally.cumulative()]
        durations.add_metric([job], buckets, tally.seconds)
        failures.add_metric([job], tally.failed)
    return [durations, failures]


SOURCES: dict[str, Callable[[], list[Metric]]] = {"database": outbox_families, "queues": queue_families}


def read_families() -> Iterator[Metric]:
    """The figures read at scrape time, source by source, and whether each source answered."""
    up = GaugeMetricFamily(
        "leadcapture_metrics_source_up", "Whether a source of this scrape answered.", labels=["source"]
    )
    for source, read in SOURCES.items():
        try:
            families = read()
        except (SQLAlchemyError, RedisError) as error:
            log.warning("metrics: %s not read: %s", source, error)
            db.session.rollback()
            families = None
        up.add_metric([source], 0 if families is None else 1)
        yield from families or []
    yield up


class Exposition:
    """Everything ``/metrics`` shows, as one collector for ``generate_latest``."""

    def collect(self) -> Iterator[Metric]:
        yield from counted_metrics()
        yield from read_families()


def metrics_text() -> bytes:
    """The ``/metrics`` answer (in an app context)."""
    return generate_latest(Exposition())
