"""`flask worker` processes the app's queues on a real Redis, inside an app context."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue

from leadcapture.extensions import db
from leadcapture.jobs import QUEUE_NAMES
from leadcapture.models import Visitor

pytestmark = pytest.mark.heavy

ROOT = Path(__file__).resolve().parents[2]


def run_flask(*args, env):
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), *args],
        cwd=ROOT,
        env={**os.environ, "FLASK_APP": "wsgi", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_worker_runs_jobs_from_every_queue_in_an_app_context(app, database_url, redis_server, tmp_path):
    with app.app_context():
        db.session.add_all([Visitor(), Visitor()])
        db.session.commit()
    connection = Redis.from_url(redis_server.url)
    connection.flushdb()
    markers = {name: tmp_path / f"{name}.txt" for name in QUEUE_NAMES}
    for name, marker in markers.items():
        Queue(name, connection=connection).enqueue("tests.jobs.sample_jobs.write_visitor_count", str(marker))

    done = run_flask("worker", "--burst", env={"REDIS_URL": redis_server.url, "DATABASE_URL": database_url})

    assert done.returncode == 0, done.stderr
    assert {name: marker.read_text() for name, marker in markers.items()} == dict.fromkeys(
        QUEUE_NAMES, "leadcapture:2"
    )


def test_worker_without_redis_says_why(database_url):
    done = run_flask("worker", "--burst", env={"REDIS_URL": "", "DATABASE_URL": database_url})
    assert done.returncode != 0
    assert "REDIS_URL is not set" in done.stderr
