"""``flask rollups refresh`` and ``flask rollups rebuild``."""

import time

import click
from flask.cli import AppGroup

from leadcapture.rollups.rebuild import queue_everything
from leadcapture.rollups.refresh import BATCH_VISITORS, BULK_BATCH_VISITORS, queued_visitors, refresh_rollups

rollups_cli = AppGroup("rollups", help="The roll-ups behind the admin dashboard and funnel.")


@rollups_cli.command("refresh")
def refresh_command() -> None:
    """Add new sessions, tool uses, prompts, leads and bookings to the roll-ups."""
    started = time.perf_counter()
    visitors = _fold_with_progress(BATCH_VISITORS)
    click.echo(f"Roll-ups up to date: {visitors:,} visitors changed ({time.perf_counter() - started:.1f} s).")


@rollups_cli.command("rebuild")
def rebuild_command() -> None:
    """Build the roll-ups again from every row (needed after rows were deleted)."""
    started = time.perf_counter()
    queue_everything()
    visitors = _fold_with_progress(BULK_BATCH_VISITORS)
    click.echo(f"Roll-ups rebuilt from {visitors:,} visitors ({time.perf_counter() - started:.1f} s).")


def _fold_with_progress(batch_visitors: int) -> int:
    with click.progressbar(length=queued_visitors(), label="Folding into the roll-ups (visitors)") as bar:
        return refresh_rollups(batch_visitors, progress=bar.update)
