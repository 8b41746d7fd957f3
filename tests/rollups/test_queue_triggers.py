"""The queue triggers queue every new row when one statement writes many (the demo writer's COPY
on PostgreSQL, an executemany INSERT on SQLite): a roll-up item per session, interaction, prompt,
lead link and booking visitor, each visitor and lead once for the insights. On PostgreSQL they run
once per statement (migration 0034); its downgrade's row triggers and SQLite's queue the same."""

import copy
from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import text

from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.extensions import db
from leadcapture.models.catalog_store import seed_catalog
from tests.migrating import app_at_revision

QUEUES = {
    "rollup_queue": "visitor_id, kind, ref",
    "insight_queue": "visitor_id",
    "lead_insight_queue": "CAST(lead_id AS TEXT)",
}


@pytest.fixture(scope="module")
def bundles() -> list:
    return list(generate(DemoOptions(visitors=300, seed=34, now=datetime(2026, 12, 1, 12))))


def queued_after_writing(app, bundles: list) -> dict[str, set]:
    with app.app_context():
        seed_catalog()
        write_bundles(copy.deepcopy(bundles))
        return {
            queue: set(map(tuple, db.session.execute(text(f"SELECT {columns} FROM {queue}"))))
            for queue, columns in QUEUES.items()
        }


@pytest.fixture
def migrated_app(request, tmp_path):
    """``migrated_app(backend, name)``: an app on a new database at the newest revision."""
    apps = []

    def build(backend: str, name: str):
        apps.append(app_at_revision(request, tmp_path, backend, name, "head"))
        return apps[-1]

    yield build
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_a_bulk_write_queues_every_row_as_the_row_triggers_do(migrated_app, bundles):
    sqlite = migrated_app("sqlite", "queue_rows")
    per_statement = migrated_app("postgresql", "leadcapture_queue_rows")
    per_row = migrated_app("postgresql", "leadcapture_queue_rows_downgraded")
    with per_row.app_context():
        flask_migrate.downgrade(revision="0033_decay_half_life")

    queued = queued_after_writing(per_statement, bundles)
    assert queued_after_writing(per_row, bundles) == queued
    assert queued_after_writing(sqlite, bundles) == queued
    kinds = {kind for _visitor, kind, _ref in queued["rollup_queue"]}
    assert kinds == {"s", "i", "p", "l", "b"}
    visitors = {bundle["visitors"][0]["id"] for bundle in bundles if bundle["visit_sessions"]}
    assert {visitor for (visitor,) in queued["insight_queue"]} == visitors
    assert queued["lead_insight_queue"]


def test_a_statement_inserting_no_row_queues_nothing(migrated_app):
    app = migrated_app("postgresql", "leadcapture_queue_no_rows")
    with app.app_context():
        db.session.execute(text("INSERT INTO interactions SELECT * FROM interactions WHERE false"))
        assert db.session.scalar(text("SELECT count(*) FROM rollup_queue")) == 0
