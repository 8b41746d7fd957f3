"""The job table is the only list of jobs: enqueue, the worker and the inline runner read it."""

import re

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from rq.job import Job as RQJob
from rq.job import JobStatus
from rq.registry import ScheduledJobRegistry
from werkzeug.utils import import_string

from leadcapture.cli import worker
from leadcapture.jobs import QUEUE_NAMES, periodic
from leadcapture.jobs.dispatch import RUN_PERIODIC, InlineJobs, enqueue
from leadcapture.jobs.periodic import INLINE_FIRST_RUN_SECONDS, arm_periodic_jobs, run_ids
from leadcapture.jobs.table import JOBS, PERIODIC_JOBS, Job

RQ_ID = re.compile(r"[A-Za-z0-9_-]+")
TICK = Job("test-tick", "tests.jobs.sample_jobs.tick", "maintenance", 10, period=3600)


@pytest.mark.parametrize("job", JOBS.values(), ids=JOBS)
def test_every_job_resolves_to_a_function_on_a_queue_of_the_worker(job):
    assert callable(import_string(job.function))
    assert job.queue in QUEUE_NAMES
    assert all(RQ_ID.fullmatch(job_id) for job_id in (job.name, *run_ids(job)))
    assert job.timeout > 0
    assert job.period is None or job.period > 0


@pytest.fixture
def redis_app(make_app, redis_server):
    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    app = make_app(REDIS_URL=redis_server.url)
    with app.app_context():
        yield app, connection
    connection.flushdb()


@pytest.mark.parametrize("job", JOBS.values(), ids=JOBS)
def test_enqueue_takes_queue_and_timeout_from_the_table(redis_app, job):
    _, connection = redis_app
    assert enqueue(job.name, job_id="probe")
    queued = RQJob.fetch("probe", connection=connection)
    assert (queued.origin, queued.timeout) == (job.queue, job.timeout)
    assert (queued.func_name, queued.args) == (
        (RUN_PERIODIC, (job.name,)) if job.period else (job.function, ())
    )


def test_the_worker_arms_the_tables_periodic_jobs_once(redis_app):
    _, connection = redis_app
    assert worker.arm_periodic_jobs is arm_periodic_jobs
    arm_periodic_jobs()
    arm_periodic_jobs()  # the worker re-arms every 30 s: what waits is left as it is
    queued = {job.id: job for name in QUEUE_NAMES for job in Queue(name, connection=connection).jobs}
    assert sorted(queued) == sorted(run_ids(job)[0] for job in PERIODIC_JOBS)
    assert {job.args[0] for job in queued.values()} == {job.name for job in PERIODIC_JOBS}


def test_a_run_on_rq_schedules_its_successor_under_the_other_id(redis_app, monkeypatch):
    _, connection = redis_app
    monkeypatch.setitem(JOBS, TICK.name, TICK)
    monkeypatch.setattr(periodic, "PERIODIC_JOBS", (TICK,))
    first, second = run_ids(TICK)
    queue = Queue(TICK.queue, connection=connection)
    arm_periodic_jobs()

    SimpleWorker([queue], connection=connection).work(burst=True)

    # RQ rewrites the record of the run when it ends: the successor keeps its own.
    assert connection.exists(RQJob.key_for(first)) == 0
    successor = RQJob.fetch(second, connection=connection)
    assert successor.get_status() == JobStatus.SCHEDULED
    assert second in ScheduledJobRegistry(queue=queue)
    assert connection.ttl(successor.key) == -1
    arm_periodic_jobs()
    assert queue.count == 0  # armed: nothing more queued


def test_the_inline_runner_arms_the_same_periodic_jobs_and_runs_reschedule(make_app, monkeypatch):
    later = []
    monkeypatch.setattr(InlineJobs, "submit_later", lambda self, delay, *call: later.append((delay, *call)))
    app = make_app(INLINE_SWEEPER=True)
    assert app.test_cli_runner().invoke(args=["rollups", "refresh"]).exit_code == 0
    assert later == []  # a `flask` command runs none: only a process serving requests does
    client = app.test_client()
    client.get("/healthz")
    client.get("/healthz")
    assert later == [(INLINE_FIRST_RUN_SECONDS, job.name, RUN_PERIODIC, job.name) for job in PERIODIC_JOBS]

    later.clear()
    monkeypatch.setitem(JOBS, TICK.name, TICK)
    with app.app_context():
        assert periodic.run_periodic(TICK.name) == "tick"
    assert later == [(TICK.period, TICK.name, RUN_PERIODIC, TICK.name)]
