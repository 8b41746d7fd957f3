"""``flask worker``: an RQ worker for the app's queues, with the scheduler, in an app context."""

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, Worker

from leadcapture.jobs import QUEUE_NAMES


@click.command("worker")
@with_appcontext
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
def worker_command(burst: bool) -> None:
    """Process background jobs (needs REDIS_URL)."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inside the web process.")
    connection = Redis.from_url(url)
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    Worker(queues, connection=connection).work(with_scheduler=True, burst=burst)
