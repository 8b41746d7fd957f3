"""The in-process job runner (no REDIS_URL): shut down with its app, failures reported to the test."""

import logging
import threading
import time

from leadcapture.jobs.dispatch import enqueue, enqueue_in
from leadcapture.jobs.table import Job
from tests.conftest import expect_job_failures

NOTE = Job("test-note", "tests.jobs.sample_jobs.note", "default", 10)
FAIL = Job("test-fail", "tests.jobs.sample_jobs.fail", "default", 10)


def test_shutdown_waits_for_the_running_job_and_drops_the_others(app_ctx):
    done, started = [], threading.Event()
    enqueue(NOTE, done, "running", started, 0.2)
    assert started.wait(10)
    enqueue(NOTE, done, "queued")
    enqueue_in(0.05, NOTE, done, "delayed")
    app_ctx.extensions["inline_jobs"].shutdown()
    enqueue(NOTE, done, "after shutdown")
    time.sleep(0.1)  # the delayed job's moment passes
    assert done == ["running"]


def test_a_failed_job_is_reported_to_the_test(app_ctx):
    enqueue(FAIL, "the job broke")
    app_ctx.extensions["inline_jobs"].shutdown()
    [failure] = expect_job_failures(app_ctx)
    assert (
        "inline job tests.jobs.sample_jobs.fail failed" in failure
        and "RuntimeError: the job broke" in failure
    )


def test_a_job_queued_while_the_process_exits_is_logged_not_failed(app_ctx, caplog):
    """At exit Python's executors take no more work: a job that the last running job queues then
    is not run, and says so in the log instead of failing with a traceback."""
    app_ctx.extensions["inline_jobs"].executor.shutdown()  # as the interpreter's exit does
    done = []
    with caplog.at_level(logging.INFO, "leadcapture.jobs.dispatch"):
        enqueue(NOTE, done, "at exit")
    assert done == [] and expect_job_failures(app_ctx) == []
    assert "job test-note not run: the process is ending" in caplog.text
