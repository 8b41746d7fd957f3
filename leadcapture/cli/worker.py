"""``flask worker``: an RQ worker for the app's queues, with the scheduler, in an app context."""

import logging
import os
import threading
import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Queue

from leadcapture.extensions import db
from leadcapture.jobs import QUEUE_NAMES
from leadcapture.jobs.periodic import arm_periodic_jobs
from leadcapture.jobs.running import InstrumentedWorker

# A Redis restarted without persistence forgets the periodic jobs' next runs: the worker arms
# them again this often (a job already waiting is left as it is).
REARM_EVERY_SECONDS = 30
RECONNECT_SECONDS = 1.0
log = logging.getLogger(__name__)


def keep_periodic_jobs_armed(app: Flask, stop: threading.Event) -> None:
    """Until ``stop`` is set, arm the periodic jobs every REARM_EVERY_SECONDS."""
    while not stop.wait(REARM_EVERY_SECONDS):
        with app.app_context():
            arm_periodic_jobs()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Process background jobs (needs REDIS_URL); starts the periodic jobs of the job table
    (``leadcapture/jobs/table.py``)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process.")
    # Each job runs in a forked child: it must not share the parent's database connections.
    engine = db.engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    stop = threading.Event()
    if not burst:
        arm_periodic_jobs()
        app = current_app._get_current_object()
        threading.Thread(target=keep_periodic_jobs_armed, args=(app, stop), daemon=True).start()
    try:
        work_through_redis_outages(Redis.from_url(url), burst)
    finally:
        stop.set()


def work_through_redis_outages(connection: Redis, burst: bool) -> None:
    """Run an RQ worker; when it quits on a lost Redis connection (RQ's worker does, when Redis goes
    away while a job runs), wait for Redis and start a new one. The job's work is not lost: its
    outbox rows are still pending and the sweeper takes them up again."""
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    while True:
        try:
            InstrumentedWorker(queues, connection=connection).work(with_scheduler=True, burst=burst)
            return
        except RedisConnectionError as error:
            log.warning("lost Redis (%s); starting again once it answers", error)
            while not _answers(connection):
                time.sleep(RECONNECT_SECONDS)


def _answers(connection: Redis) -> bool:
    try:
        return bool(connection.ping())
    except RedisConnectionError:
        return False
