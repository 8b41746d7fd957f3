"""The in-process job runner (no REDIS_URL): shut down with its app, failures reported to the test."""

import threading
import time

from leadcapture.jobs.dispatch import enqueue, enqueue_in
from tests.conftest import expect_job_failures

JOBS = "tests.jobs.sample_jobs"


def test_shutdown_waits_for_the_running_job_and_drops_the_others(app_ctx):
    done, started = [], threading.Event()
    enqueue(f"{JOBS}.note", done, "running", started, 0.2)
    assert started.wait(10)
    enqueue(f"{JOBS}.note", done, "queued")
    enqueue_in(0.05, f"{JOBS}.note", done, "delayed")
    app_ctx.extensions["inline_jobs"].shutdown()
    enqueue(f"{JOBS}.note", done, "after shutdown")
    time.sleep(0.1)  # the delayed job's moment passes
    assert done == ["running"]


def test_a_failed_job_is_reported_to_the_test(app_ctx):
    enqueue(f"{JOBS}.fail", "the job broke")
    app_ctx.extensions["inline_jobs"].shutdown()
    [failure] = expect_job_failures(app_ctx)
    assert f"inline job {JOBS}.fail failed" in failure and "RuntimeError: the job broke" in failure
