"""``flask worker``: an RQ worker for the app's queues, with the scheduler, in an app context."""

import os

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, Worker

from leadcapture.extensions import db
from leadcapture.jobs import QUEUE_NAMES
from leadcapture.jobs.dispatch import enqueue
from leadcapture.jobs.maintenance import PURGE_PHOTOS_JOB, REFRESH_ROLLUPS_JOB
from leadcapture.sync.sweeper import SWEEP_JOB

# Jobs that reschedule themselves once started: (dotted name, job id).
PERIODIC_JOBS = (
    (SWEEP_JOB, "hubspot-sweeper"),
    (PURGE_PHOTOS_JOB, "purge-photos"),
    (REFRESH_ROLLUPS_JOB, "refresh-rollups"),
)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Process background jobs (needs REDIS_URL); starts the periodic jobs (HubSpot sweeper, photo
    purge, report roll-ups)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process.")
    # Each job runs in a forked child: it must not share the parent's database connections.
    engine = db.engine
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    if not burst:
        for job, job_id in PERIODIC_JOBS:
            enqueue(job, queue="maintenance", job_id=job_id)
    connection = Redis.from_url(url)
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    Worker(queues, connection=connection).work(with_scheduler=True, burst=burst)
