"""Enqueueing the jobs of ``leadcapture.jobs.table``: on RQ when REDIS_URL is set, else in a
background thread; either way the job carries the id of the request that queued it.

The web process never imports job code to enqueue it, and a Redis outage never fails the
caller: the job is not queued, the work it stands for stays pending, and the sweeper finds it.
"""

import logging
import threading
import traceback
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job as RQJob
from rq.job import JobStatus
from werkzeug.utils import import_string

from leadcapture.jobs.running import META_JOB, META_REQUEST_ID, running
from leadcapture.jobs.table import Job, job_named
from leadcapture.ops.context import current
from leadcapture.ops.job_timings import MemoryTimings, RedisTimings

log = logging.getLogger(__name__)
WAITING = {JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED}
RUN_PERIODIC = "leadcapture.jobs.periodic.run_periodic"


@dataclass(frozen=True)
class InlineCall:
    job: str  # the job table's name
    func_path: str
    args: tuple
    request_id: str | None  # of the request that queued it


class InlineJobs:
    """Runs jobs one at a time in a background thread of the web process, after the response."""

    def __init__(self, app: Flask):
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="leadcapture-jobs")
        self.timers: set[threading.Timer] = set()
        self.lock = threading.Lock()
        self.closed = False
        self.waiting = 0  # submitted, not started: the queue's depth
        self.timings = MemoryTimings()
        # The newest failures' tracebacks, for tests to assert on (the log is the record).
        self.failures: deque[str] = deque(maxlen=100)

    def submit_later(self, delay: float, job: str, func_path: str, *args) -> None:
        """Run ``func_path(*args)`` as the job ``job`` in ``delay`` seconds (0: when its turn comes)."""
        call = InlineCall(job, func_path, args, current("request_id"))
        if not delay:
            self._submit(call)
            return
        timer = threading.Timer(delay, self._submit_due, (call,))
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

    def _submit(self, call: InlineCall) -> None:
        with self.lock:
            if self.closed:
                return
            try:
                self.executor.submit(self._run, call)
            except RuntimeError:  # the interpreter is exiting (a job queued by the last one to run)
                log.info("job %s not run: the process is ending", call.job)
                return
            self.waiting += 1

    def _submit_due(self, call: InlineCall) -> None:
        with self.lock:
            self.timers.discard(threading.current_thread())
        self._submit(call)

    def _run(self, call: InlineCall) -> None:
        with self.lock:
            self.waiting -= 1
        with self.app.app_context(), running(call.job, None, call.request_id, self.timings) as outcome:
            try:
                import_string(call.func_path)(*call.args)
                outcome.ok = True
            except Exception:  # no RQ failure registry in process: the log is the record
                log.exception("inline job %s failed", call.func_path)
                self.failures.append(f"inline job {call.func_path} failed:\n{traceback.format_exc()}")


def init_app(app: Flask) -> None:
    """Set up the app's job backend: an RQ connection or the inline runner."""
    url = app.config.get("REDIS_URL")
    if url:
        app.extensions["rq_connection"] = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
    else:
        app.extensions["inline_jobs"] = InlineJobs(app)


def redis_connection() -> Redis | None:
    return current_app.extensions.get("rq_connection")


def job_timings() -> RedisTimings | MemoryTimings:
    """Where the app's jobs' durations are counted: Redis, or the inline runner's memory."""
    connection = redis_connection()
    return RedisTimings(connection) if connection else current_app.extensions["inline_jobs"].timings


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
        current_app.extensions["inline_jobs"].submit_later(delay, job.name, func_path, *args)
        return True
    meta = {META_JOB: job.name, META_REQUEST_ID: current("request_id")}
    options = {"job_id": job_id, "job_timeout": job.timeout, "meta": {k: v for k, v in meta.items() if v}}
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
