"""Enqueueing the jobs of ``leadcapture.jobs.table``: on RQ when REDIS_URL is set, else in a
background thread.

The web process never imports job code to enqueue it, and a Redis outage never fails the
caller: the job is not queued, the work it stands for stays pending, and the sweeper finds it.
"""

import logging
import threading
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from werkzeug.utils import import_string

from leadcapture.jobs.table import Job, job_named

log = logging.getLogger(__name__)
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
RUN_PERIODIC = "leadcapture.jobs.periodic.run_periodic"


class InlineJobs:
    """Runs jobs one at a time in a background thread of the web process, after the response."""

    def __init__(self, app: Flask):
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadcapture-jobs")
        self.timers: set[threading.Timer] = set()
        self.lock = threading.Lock()
        self.closed = False
        # The newest failures' tracebacks, for tests to assert on (the log is the record).
        self.failures: deque[str] = deque(maxlen=100)

    def submit(self, func_path: str, *args) -> None:
        with self.lock:
            if not self.closed:
                self.executor.submit(self._run, func_path, args)

    def submit_later(self, delay: float, func_path: str, *args) -> None:
        if not delay:
            self.submit(func_path, *args)
            return
        timer = threading.Timer(delay, self._submit_due, (func_path, *args))
        timer.daemon = True
        with self.lock:
            if self.closed:
                return
            self.timers.add(timer)
        timer.start()

    def shutdown(self) -> None:
        """Cancel delayed and queued jobs, wait for the running one; later submissions are dropped."""
        with self.lock:
            self.closed = True
            timers, self.timers = self.timers, set()
        for timer in timers:
            timer.cancel()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def _submit_due(self, func_path: str, *args) -> None:
        with self.lock:
            self.timers.discard(threading.current_thread())
        self.submit(func_path, *args)

    def _run(self, func_path: str, args: tuple) -> None:
        with self.app.app_context():
            try:
                import_string(func_path)(*args)
            except Exception:  # no RQ failure registry in process: the log is the record
                log.exception("inline job %s failed", func_path)
                self.failures.append(f"inline job {func_path} failed:\n{traceback.format_exc()}")


def init_app(app: Flask) -> None:
    """Set up the app's job backend: an RQ connection or the inline runner."""
    url = app.config.get("REDIS_URL")
    if url:
        app.extensions["rq_connection"] = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
    else:
        app.extensions["inline_jobs"] = InlineJobs(app)


def redis_connection() -> Redis | None:
    return current_app.extensions.get("rq_connection")


def enqueue(job: Job | str, *args, job_id: str | None = None) -> bool:
    """Queue ``job`` (a row of the job table or its name) with ``args``; a job id already waiting
    is not queued twice.

    Returns False when Redis could not be reached (the caller's data is safe, only late).
    """
    return enqueue_in(0, job, *args, job_id=job_id)


def enqueue_in(delay: float, job: Job | str, *args, job_id: str | None = None) -> bool:
    """``enqueue`` to run in ``delay`` seconds (RQ's scheduler runs in ``flask worker``)."""
    job = job_named(job)
    func_path, args = (RUN_PERIODIC, (job.name,)) if job.period else (job.function, args)
    connection = redis_connection()
    if connection is None:
        current_app.extensions["inline_jobs"].submit_later(delay, func_path, *args)
        return True
    options = {"job_id": job_id, "job_timeout": job.timeout}
    if job.period:
        options["result_ttl"] = 0  # see leadcapture.jobs.periodic
    try:
        if job_id and waiting(connection, job_id):
            return True
        queue = Queue(job.queue, connection=connection)
        if delay:
            queue.enqueue_in(timedelta(seconds=delay), func_path, *args, **options)
        else:
            queue.enqueue(func_path, *args, **options)
    except RedisError as error:
        log.warning("could not queue %s (%s): %s", job.name, job_id, error)
        return False
    return True


def waiting(connection: Redis, job_id: str) -> bool:
    """Whether a job of that id is queued or scheduled."""
    try:
        return RQJob.fetch(job_id, connection=connection).get_status() in WAITING
    except NoSuchJobError:
        return False
