"""Demo visitors generated and written at once in forked processes on PostgreSQL: the same rows
as one process writes, and a generator or writer that fails or dies is the command's error, never
a hang or a silent stop."""

import copy
import os
import signal
from datetime import date, datetime

import pytest
from sqlalchemy import text

from leadcapture import forked
from leadcapture.demo import DemoOptions, alongside, generate, write_alongside, write_bundles
from leadcapture.extensions import db
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.event_partitions import DEFAULT_PARTITION, month_partitions
from tests.conftest import empty_all_tables

NOW = datetime(2026, 11, 23, 12, 0)
# More batches than writers, and not a whole number of them.
VISITORS = 5 * alongside.BATCH_BUNDLES + 57
# What a seed fixes (ids are random, lead ids come in the order leads are written).
ROWS = {
    "visitors": "created_at",
    "visit_sessions": "started_at, last_seen_at, utm_campaign, device_type",
    "interactions": "tool, created_at, data",
    "behaviour_events": "event_type, client_timestamp, impact",
    "contact_prompts": "offered_at, status, score",
    "leads": r"regexp_replace(email, '\.[0-9a-f]+@', '@'), score, status, created_at",  # a random tail
    "bookings": "slot_start, created_at",
    "feedback": "rating, comment, created_at",
    "experiment_exposures": "variant, exposed_at",
}


def rows_written() -> dict[str, list]:
    return {
        table: sorted(map(tuple, db.session.execute(text(f"SELECT {columns} FROM {table}"))), key=repr)
        for table, columns in ROWS.items()
    }


def test_the_writers_write_the_rows_one_process_writes(postgres_app):
    options = DemoOptions(visitors=VISITORS, seed=11, now=NOW)
    bundles = list(generate(options))
    with postgres_app.app_context():
        seed_catalog()
        in_one = write_bundles(copy.deepcopy(bundles))
        expected = rows_written()
        empty_all_tables()
        seed_catalog()
        written = []
        at_once = write_alongside(options, written.append)
        assert rows_written() == expected
        # every event in its month's partition (so retention drops whole months), none in the default
        assert db.session.scalar(text(f"SELECT count(*) FROM {DEFAULT_PARTITION}")) == 0
        assert {date(2026, 8, 1), date(2026, 11, 1), date(2027, 2, 1)} <= set(month_partitions())
    assert at_once == in_one and sum(written) == VISITORS
    assert len(expected["behaviour_events"]) > 5_000 and expected["leads"] and expected["bookings"]


def failing_after(bundles: int, fail):
    def generate_then_fail(options):
        yield from list(generate(options))[:bundles]
        fail()

    return generate_then_fail


def test_an_error_in_the_generator_is_the_loads_error(postgres_app, monkeypatch):
    def fail():
        raise ValueError("no such procedure: teeth_whitening")

    monkeypatch.setattr(alongside, "generate", failing_after(alongside.BATCH_BUNDLES + 3, fail))
    with postgres_app.app_context(), pytest.raises(forked.ChildFailed) as failed:
        write_alongside(DemoOptions(visitors=VISITORS, seed=1, now=NOW), lambda _visitors: None)
    assert str(failed.value).startswith("demo-0 failed:")
    assert "ValueError: no such procedure: teeth_whitening" in str(failed.value)


class DyingWriter(alongside.BulkWriter):
    def add(self, bundle):
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_killed_writer_is_an_error_not_a_hang(postgres_app, monkeypatch):
    monkeypatch.setattr(forked, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(alongside, "BulkWriter", DyingWriter)
    killed = rf"demo-[12] stopped \(exit code -{signal.SIGKILL.value}\)"
    with postgres_app.app_context(), pytest.raises(forked.ChildFailed, match=killed):
        write_alongside(DemoOptions(visitors=VISITORS, seed=1, now=NOW), lambda _visitors: None)
