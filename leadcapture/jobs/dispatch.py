"""Enqueueing jobs by dotted name: on RQ when REDIS_URL is set, else in a background thread.

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
from rq.job import Job, JobStatus
from werkzeug.utils import import_string

log = logging.getLogger(__name__)
JOB_TIMEOUT = 120  # short: a killed job is noticed after its timeout (FACTS)
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


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


def enqueue(
    func_path: str, *args, queue: str = "default", job_id: str | None = None, timeout: int = JOB_TIMEOUT
) -> bool:
    """Queue ``func_path(*args)``, killed after ``timeout`` seconds on RQ; a job id already waiting
    is not queued twice.

    Returns False when Redis could not be reached (the caller's data is safe, only late).
    """
    connection = redis_connection()
    if connection is None:
        current_app.extensions["inline_jobs"].submit(func_path, *args)
        return True
    try:
        if job_id and _waiting(connection, job_id):
            return True
        Queue(queue, connection=connection).enqueue(func_path, *args, job_id=job_id, job_timeout=timeout)
    except RedisError as error:
        log.warning("could not queue %s (%s): %s", func_path, job_id, error)
        return False
    return True


def enqueue_in(
    delay: float, func_path: str, *args, queue: str = "default", job_id: str | None = None
) -> bool:
    """Queue ``func_path(*args)`` to run in ``delay`` seconds (RQ's scheduler runs in ``flask worker``)."""
    connection = redis_connection()
    if connection is None:
        current_app.extensions["inline_jobs"].submit_later(delay, func_path, *args)
        return True
    try:
        if job_id and _waiting(connection, job_id):
            return True
        Queue(queue, connection=connection).enqueue_in(
            timedelta(seconds=delay), func_path, *args, job_id=job_id, job_timeout=JOB_TIMEOUT
        )
    except RedisError as error:
        log.warning("could not schedule %s (%s): %s", func_path, job_id, error)
        return False
    return True


def _waiting(connection: Redis, job_id: str) -> bool:
    try:
        return Job.fetch(job_id, connection=connection).get_status() in WAITING
    except NoSuchJobError:
        return False
