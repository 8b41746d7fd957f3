"""Periodic jobs, the table's rows with a ``period``: each run first schedules the next one, on RQ
and in the inline runner alike; ``flask worker`` arms them at start and every 30 s after.

On RQ a run's successor takes the other of the job's two ids: a worker rewrites the record of
the job it ran when the job ends, so a successor under the same id would be marked finished and
lost. Runs that succeed leave no record (``result_ttl`` 0), so an id is always free for reuse;
failed ones stay in RQ's failed registry.
"""

import threading

from redis.exceptions import RedisError
from rq import get_current_job
from werkzeug.utils import import_string

from leadcapture.jobs.dispatch import enqueue_in, redis_connection, waiting
from leadcapture.jobs.table import JOBS, PERIODIC_JOBS, Job

# Without Redis, the process serving requests runs them, from a minute after its first request.
INLINE_FIRST_RUN_SECONDS = 60


def run_ids(job: Job) -> tuple[str, str]:
    """The two RQ ids a periodic job's runs alternate between."""
    return f"{job.name}-a", f"{job.name}-b"


def run_periodic(name: str) -> object:
    """Schedule the next run of the periodic job ``name`` (a run that fails or is killed still has
    one), then run it."""
    job = JOBS[name]
    first, second = run_ids(job)
    current = get_current_job()
    enqueue_in(job.period, job, job_id=second if current and current.id == first else first)
    return import_string(job.function)()


def arm_periodic_jobs(delay: float = 0) -> None:
    """Start each periodic job in ``delay`` seconds unless a run of it is waiting (a Redis outage
    is only logged)."""
    for job in PERIODIC_JOBS:
        first, second = run_ids(job)
        if not _waiting(second):
            enqueue_in(delay, job, job_id=first)  # not when that one is waiting


def _waiting(job_id: str) -> bool:
    connection = redis_connection()
    try:
        return connection is not None and waiting(connection, job_id)
    except RedisError:
        return False  # enqueue_in says so


class ArmOnFirstRequest:
    """A before-request hook for the inline runner: the first request an app serves arms the
    periodic jobs. So the web process runs them, and a `flask` command (a demo load, a purge)
    never does: it would send mail and purge in the middle of its own work."""

    def __init__(self):
        self.armed = False
        self.lock = threading.Lock()

    def __call__(self) -> None:
        if self.armed:
            return
        with self.lock:
            if not self.armed:
                arm_periodic_jobs(INLINE_FIRST_RUN_SECONDS)
                self.armed = True
