"""Running one job, on RQ and in the inline runner alike: the id of the request that queued it and
the job's name in the log context (``leadcapture.ops.context``), its time and outcome in the job
metrics (``leadcapture.ops.job_timings``), and a log line when it ends."""

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rq import Queue, Worker
from rq.job import Job as RQJob

from leadcapture.ops.context import log_context
from leadcapture.ops.job_timings import MemoryTimings, RedisTimings

log = logging.getLogger(__name__)
# What ``enqueue`` puts in an RQ job's meta: the job table's name, and the queuing request's id.
META_JOB = "job"
META_REQUEST_ID = "request_id"


@dataclass
class Outcome:
    ok: bool = False


@contextmanager
def running(
    job: str, job_id: str | None, request_id: str | None, timings: RedisTimings | MemoryTimings
) -> Iterator[Outcome]:
    """Run the ``with`` block as the job ``job``; the block sets ``ok`` on what it yields once the
    job succeeded (a block left any other way counts as a failure)."""
    outcome = Outcome()
    started = time.perf_counter()
    with log_context(request_id=request_id, job=job, job_id=job_id):
        try:
            yield outcome
        finally:
            seconds = time.perf_counter() - started
            timings.record(job, seconds, outcome.ok)
            log.log(
                logging.INFO if outcome.ok else logging.WARNING,
                "job %s %s in %.1f ms",
                job,
                "done" if outcome.ok else "failed",
                seconds * 1000,
                extra={"duration_ms": round(seconds * 1000, 1)},
            )


class InstrumentedWorker(Worker):
    """RQ's worker, with each job run through ``running`` (in the child process it forks for it)."""

    def perform_job(self, job: RQJob, queue: Queue) -> bool:
        name = job.meta.get(META_JOB) or job.func_name
        timings = RedisTimings(self.connection)
        with running(name, job.id, job.meta.get(META_REQUEST_ID), timings) as outcome:
            outcome.ok = super().perform_job(job, queue)
        return outcome.ok
