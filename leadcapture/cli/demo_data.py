"""``flask demo-data``: weeks of realistic synthetic traffic, bulk-loaded."""

import secrets
import time

import click
from flask.cli import with_appcontext

from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.rollups.refresh import refresh_rollups


@click.command("demo-data")
@click.option(
    "--visitors", type=click.IntRange(min=1), default=1000, show_default=True, help="Visitors to create."
)
@click.option(
    "--days", type=click.IntRange(1, 3650), default=90, show_default=True, help="Days back from now."
)
@click.option("--seed", type=int, help="Random seed: the same seed gives the same traffic.")
@with_appcontext
def demo_data_command(visitors: int, days: int, seed: int | None) -> None:
    """Add synthetic visitors with sessions, tool uses and behaviour events."""
    if seed is None:
        seed = secrets.randbelow(2**31)
    started = time.perf_counter()
    bundles = generate(DemoOptions(visitors=visitors, days=days, seed=seed))
    with click.progressbar(bundles, length=visitors, label="Generating visitors") as progress:
        counts = write_bundles(progress)
    elapsed = time.perf_counter() - started
    click.echo(f"Seed {seed}, last {days} days, {elapsed:.1f} s. Rows written:")
    for table, count in counts.items():
        click.echo(f"  {table:<18} {count:>10,}")
    click.echo(f"  {'total':<18} {sum(counts.values()):>10,}  ({sum(counts.values()) / elapsed:,.0f} rows/s)")
    started = time.perf_counter()
    refresh_rollups()
    click.echo(f"Admin report roll-ups updated in {time.perf_counter() - started:.1f} s.")
