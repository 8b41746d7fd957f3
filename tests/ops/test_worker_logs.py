"""On RQ: a job carries the id of the request that queued it into a real `flask worker`'s JSON log
lines, and its run is counted where any web process's /metrics reads it."""

import json
import os
import subprocess
import sys
from pathlib import Path

from redis import Redis
from rq import Queue

from tests.ops.scrape import scrape, value

ROOT = Path(__file__).resolve().parents[2]


def run_worker(redis_url: str, database_url: str) -> list[dict]:
    """`flask worker --burst` with JSON logs: the JSON lines it wrote."""
    flask = Path(sys.executable).with_name("flask")
    env = {"FLASK_APP": "wsgi", "REDIS_URL": redis_url, "DATABASE_URL": database_url, "LOG_FORMAT": "json"}
    done = subprocess.run(
        [str(flask), "worker", "--burst"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = (done.stdout + done.stderr).splitlines()
    assert lines and all(line.startswith("{") for line in lines), lines  # every line is JSON
    return [json.loads(line) for line in lines]


def test_a_job_on_rq_logs_with_the_request_id_that_queued_it(make_app, database_url, redis_server):
    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    app = make_app(REDIS_URL=redis_server.url)
    client = app.test_client()
    answer = client.post(
        "/api/v1/privacy/requests",
        json={"email": "rq@example.com", "kind": "erase"},
        headers={"X-Request-ID": "req-rq-42"},
    )
    assert answer.status_code == 202
    [queued] = Queue("default", connection=connection).jobs
    assert queued.meta == {"job": "send-mail", "request_id": "req-rq-42"}

    lines = run_worker(redis_server.url, database_url)

    ours = [line for line in lines if line.get("request_id") == "req-rq-42"]
    kept = next(line for line in ours if line["logger"] == "leadcapture.mail")
    assert "rq@example.com" in kept["message"]
    assert kept["job"] == "send-mail" and kept["job_id"] == queued.id
    assert any(line["logger"] == "rq.worker" and "Job OK" in line["message"] for line in ours)
    assert any(line["message"].startswith("job send-mail done in") for line in ours)
    samples = scrape(client)
    assert value(samples, "leadcapture_job_duration_seconds_count", job="send-mail") == 1
    assert value(samples, "leadcapture_job_failures_total", job="send-mail") == 0
    assert value(samples, "leadcapture_queue_depth", queue="default") == 0
    assert value(samples, "leadcapture_queue_failed_jobs", queue="default") == 0
    assert value(samples, "leadcapture_metrics_source_up", source="queues") == 1
