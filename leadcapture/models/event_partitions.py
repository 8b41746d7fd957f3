"""Behaviour events by month: on PostgreSQL ``behaviour_events`` is partitioned by ``created_at``
(migration 0017), one partition per month (``behaviour_events_y2026m01``) and a default one for
the rows of months without their own. Retention drops a whole month at a time, on SQLite too
(there by deleting its rows), so both keep the same events.

The purge creates the coming months' partitions ahead (``ensure_months``), so new events land in
their month's partition, and a bulk load of past weeks (``flask demo-data``) those of its months;
a month created later takes its rows over from the default partition.
"""

import re
from datetime import date, datetime

from sqlalchemy import delete, func, select, text

from leadcapture.extensions import db
from leadcapture.models.interactions import BehaviourEvent

PARENT = "behaviour_events"
DEFAULT_PARTITION = f"{PARENT}_default"
MONTH_NAME = re.compile(rf"{PARENT}_y(\d{{4}})m(\d{{2}})")
# Partitions are made ahead for this month and the next ones.
MONTHS_AHEAD = 3
# Taken for the transaction by whoever changes the partitions (the daily job, `flask privacy purge`).
_LOCK_KEY = 0x6C635F65  # "lc_e"


def include_in_migrations(name: str | None, type_: str, _parent_names: dict) -> bool:
    """Alembic's ``include_name``: the partitions are made at run time, not by migrations."""
    return not (type_ == "table" and (name == DEFAULT_PARTITION or MONTH_NAME.fullmatch(name or "")))


def partitioned() -> bool:
    """Whether the events table is partitioned (PostgreSQL)."""
    return db.session.get_bind().dialect.name == "postgresql"


def month_of(moment: datetime | date) -> date:
    """The first day of ``moment``'s month."""
    return date(moment.year, moment.month, 1)


def add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def partition_name(month: date) -> str:
    return f"{PARENT}_y{month.year:04d}m{month.month:02d}"


def month_partitions() -> dict[date, str]:
    """The month partitions there are, by month (PostgreSQL)."""
    names = db.session.scalars(
        text(
            "SELECT child.relname FROM pg_inherits JOIN pg_class child ON child.oid = pg_inherits.inhrelid"
            " WHERE pg_inherits.inhparent = CAST(:parent AS regclass)"
        ),
        {"parent": PARENT},
    )
    found = {}
    for name in names:
        if match := MONTH_NAME.fullmatch(name):
            found[date(int(match[1]), int(match[2]), 1)] = name
    return found


def ensure_months(now: datetime, since: datetime | None = None) -> list[date]:
    """Create the partitions of ``now``'s month and the ``MONTHS_AHEAD`` after it that are missing,
    and those of the months from ``since`` on (PostgreSQL; no commit); returns the months created."""
    if not partitioned():
        return []
    _lock()
    there = month_partitions()
    wanted = _months(month_of(min(since or now, now)), add_months(month_of(now), MONTHS_AHEAD))
    created = [month for month in wanted if month not in there]
    for month in created:
        _create_month(month)
    return created


def _months(first: date, last: date) -> list[date]:
    """The first days of the months from ``first`` to ``last``."""
    months = [first]
    while months[-1] < last:
        months.append(add_months(months[-1], 1))
    return months


def events_before(boundary: date) -> int:
    """How many events were created before ``boundary``."""
    return db.session.scalar(
        select(func.count()).select_from(BehaviourEvent).where(BehaviourEvent.created_at < boundary)
    )


def remove_months_before(boundary: date, progress=lambda _events: None) -> dict[str, int]:
    """Remove every event of the months before ``boundary`` (a first of a month): on PostgreSQL
    their partitions are dropped and the default partition's rows deleted, elsewhere the rows are
    deleted (no commit). ``progress`` gets the events removed as it goes. Returns the events
    removed and the partitions dropped."""
    if not partitioned():
        events = db.session.execute(delete(BehaviourEvent).where(BehaviourEvent.created_at < boundary))
        progress(events.rowcount)
        return {"events": events.rowcount}
    _lock()
    removed = {"events": 0, "partitions": 0}
    for month, name in sorted(month_partitions().items()):
        if add_months(month, 1) <= boundary:
            events = db.session.scalar(text(f"SELECT count(*) FROM {name}"))
            db.session.execute(text(f"DROP TABLE {name}"))
            removed["events"] += events
            removed["partitions"] += 1
            progress(events)
    stray = db.session.execute(
        text(f"DELETE FROM {DEFAULT_PARTITION} WHERE created_at < :boundary"), {"boundary": boundary}
    )
    removed["events"] += stray.rowcount
    progress(stray.rowcount)
    return removed


def _create_month(month: date) -> None:
    """Create ``month``'s partition; rows the default partition holds for it move into it (the
    partition cannot be attached while the default one holds rows of its range)."""
    bounds = {"start": month, "end": add_months(month, 1)}
    in_range = "created_at >= :start AND created_at < :end"
    name = partition_name(month)
    held = db.session.scalar(text(f"SELECT 1 FROM {DEFAULT_PARTITION} WHERE {in_range} LIMIT 1"), bounds)
    if held:
        db.session.execute(text(f"CREATE TEMPORARY TABLE moving_events (LIKE {PARENT})"))
        db.session.execute(
            text(
                f"WITH moved AS (DELETE FROM {DEFAULT_PARTITION} WHERE {in_range} RETURNING *)"
                " INSERT INTO moving_events SELECT * FROM moved"
            ),
            bounds,
        )
    # Dates we formatted ourselves: DDL takes no bound parameters.
    db.session.execute(
        text(
            f"CREATE TABLE {name} PARTITION OF {PARENT}"
            f" FOR VALUES FROM ('{bounds['start']:%Y-%m-%d}') TO ('{bounds['end']:%Y-%m-%d}')"
        )
    )
    if held:
        db.session.execute(text(f"INSERT INTO {PARENT} SELECT * FROM moving_events"))
        db.session.execute(text("DROP TABLE moving_events"))


def _lock() -> None:
    db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
