"""``flask demo-data``: weeks of realistic synthetic traffic, leads and bookings, bulk-loaded."""

import secrets
import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from leadcapture.demo import DemoOptions, write_alongside
from leadcapture.demo.experiment_rows import demo_experiments
from leadcapture.demo.leads import LEADS_RATE
from leadcapture.extensions import db
from leadcapture.models import Booking, Visitor
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.reports.bulk_load import update_rollups_after_load
from leadcapture.scoring_rules.live import live_rules
from leadcapture.tracking.impact_table import current_impact_table


@click.command("demo-data")
@click.option(
    "--visitors", type=click.IntRange(min=1), default=1000, show_default=True, help="Visitors to create."
)
@click.option(
    "--days", type=click.IntRange(1, 3650), default=90, show_default=True, help="Days back from now."
)
@click.option("--seed", type=int, help="Random seed: the same seed gives the same traffic.")
@click.option(
    "--leads-rate",
    type=click.FloatRange(0, 1),
    default=LEADS_RATE,
    show_default=True,
    help="Share of offered contact forms that are submitted (bookings always make leads).",
)
@click.option("--if-empty", is_flag=True, help="Add nothing when the database already has visitors.")
@with_appcontext
def demo_data_command(visitors: int, days: int, seed: int | None, leads_rate: float, if_empty: bool) -> None:
    """Add synthetic visitors with sessions, tool uses, behaviour events (with the impact table in
    force), contact prompts, leads (scored with the live rules), bookings, feedback and the demo
    A/B experiments' exposures."""
    if if_empty and db.session.scalar(select(Visitor.id).limit(1)) is not None:
        click.echo("The database already has visitors: no demo data added (--if-empty).")
        return
    if seed is None:
        seed = secrets.randbelow(2**31)
    started = time.perf_counter()
    seed_catalog()  # bookings refer to the catalog's procedures
    now = utcnow()
    experiments, experiment_rows = demo_experiments(now, days)
    options = DemoOptions(
        visitors=visitors,
        days=days,
        seed=seed,
        now=now,
        leads_rate=leads_rate,
        rules=live_rules(),
        impact=current_impact_table(),
        taken_slots=frozenset(
            db.session.scalars(select(Booking.slot_start).where(Booking.slot_start > now - timedelta(days)))
        ),
        consent_text=current_app.config["CONSENT_TEXT"],
        slot_minutes=current_app.config["BOOKING_SLOT_MINUTES"],
        experiments=experiments,
    )
    with click.progressbar(length=visitors, label="Generating visitors") as bar:
        counts = experiment_rows + write_alongside(options, bar.update)
    elapsed = time.perf_counter() - started
    click.echo(f"Seed {seed}, last {days} days, {elapsed:.1f} s. Rows written:")
    for table, count in counts.items():
        click.echo(f"  {table:<20} {count:>10,}")
    click.echo(f"  {'total':<20} {sum(counts.values()):>10,}  ({sum(counts.values()) / elapsed:,.0f} rows/s)")
    started = time.perf_counter()
    update_rollups_after_load(now - timedelta(days), click.progressbar)
    click.echo(f"Admin report roll-ups updated in {time.perf_counter() - started:.1f} s.")
