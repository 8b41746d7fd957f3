"""The roll-ups after a bulk load, in parallel processes on PostgreSQL: the same report rows as
one after another, and a step that fails is the command's error."""

import copy
from datetime import timedelta

import click
import pytest
from sqlalchemy import text

from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.extensions import db
from leadcapture.forked import ChildFailed
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.reports import bulk_load
from tests.conftest import empty_all_tables

DAYS = 30
INSIGHTS = "sessions, tool_uses, events_high, events_low, exports, bookings, last_activity_at, primary_tool"
# What the four steps write (their bookkeeping's times left out).
REPORT_TABLES = {
    "funnel_rollup": "*",
    "daily_activity": "*",
    "report_filter_values": "*",
    "channel_visitor_days": "*",
    "lead_journeys": "*",
    "booking_journeys": "*",
    "lead_touches": "*",
    "retention_days": "*",
    "event_days": "*",
    "tool_step_days": "*",
    "visitor_insights": f"visitor_id, {INSIGHTS}",
    "lead_insights": f"lead_id, {INSIGHTS}",
    "rollup_days": "rollup, day",
}


def report_rows() -> dict[str, list]:
    return {
        table: sorted(map(tuple, db.session.execute(text(f"SELECT {columns} FROM {table}"))), key=repr)
        for table, columns in REPORT_TABLES.items()
    }


def load(bundles: list, at_once: bool, now) -> dict[str, list]:
    empty_all_tables()
    seed_catalog()
    write_bundles(bundles)
    bulk_load.update_rollups_after_load(now - timedelta(DAYS), click.progressbar, at_once)
    return report_rows()


def test_at_once_gives_the_rows_of_one_after_another(postgres_app):
    now = utcnow()
    bundles = list(generate(DemoOptions(visitors=400, days=DAYS, seed=8, now=now)))
    with postgres_app.app_context():
        one_after_another = load(copy.deepcopy(bundles), at_once=False, now=now)
        at_once = load(bundles, at_once=True, now=now)
    assert at_once == one_after_another
    assert len(at_once["funnel_rollup"]) > 50 and len(at_once["visitor_insights"]) == 400


def test_a_failing_step_fails_the_load(postgres_app, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("attribution went wrong")

    monkeypatch.setattr(bulk_load, "prepare_attribution", broken)
    with postgres_app.app_context():
        seed_catalog()
        write_bundles(generate(DemoOptions(visitors=50, days=DAYS, seed=8)))
        with pytest.raises(ChildFailed, match="rollups-1 failed:(.|\n)*attribution went wrong"):
            bulk_load.update_rollups_after_load(utcnow() - timedelta(DAYS), click.progressbar)
