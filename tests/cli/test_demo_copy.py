"""The demo writer's COPY path (PostgreSQL) stores exactly the rows its executemany path stores."""

import copy
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import Integer, func, select

from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.copy import copy_rows
from tests.conftest import empty_all_tables

NOW = datetime(2026, 11, 20, 12, 0)


QUEUES = ("rollup_queue", "insight_queue", "lead_insight_queue")


def stored_rows(names) -> dict[str, Counter]:
    """The tables' rows, ids the database made left out and lead ids replaced by the lead's email."""
    email_of = dict(db.session.execute(select(Lead.id, Lead.email)).all())
    tables = {}
    for name in names:
        table = db.metadata.tables[name]
        made_by_database = {c.name for c in table.primary_key if isinstance(c.type, Integer)}
        columns = [c for c in table.columns if c.name not in made_by_database]
        rows = Counter()
        for row in db.session.execute(select(*columns)).mappings():
            row = dict(row)
            if "lead_id" in row:
                row["lead_id"] = email_of.get(row["lead_id"])
            rows[repr(sorted(row.items()))] += 1
        tables[name] = rows
    return tables


def queued() -> dict[str, int]:
    """How many rows the tables' triggers queued, per queue."""
    return {
        name: db.session.scalar(select(func.count()).select_from(db.metadata.tables[name])) for name in QUEUES
    }


def test_copy_writes_the_rows_executemany_writes(postgres_app):
    bundles = list(generate(DemoOptions(visitors=400, seed=5, now=NOW)))
    with postgres_app.app_context():
        seed_catalog()  # bookings refer to the catalog's procedures
        counts = write_bundles(copy.deepcopy(bundles), chunk_rows=700, copy=False)
        inserted, inserted_queued = stored_rows(counts), queued()
        db.session.commit()
        empty_all_tables()
        seed_catalog()
        assert write_bundles(copy.deepcopy(bundles), chunk_rows=700) == counts  # COPY by default here
        copied, copied_queued = stored_rows(counts), queued()
    assert set(inserted) >= {"visitors", "interactions", "leads", "lead_visitors", "bookings", "feedback"}
    assert {table: sum(rows.values()) for table, rows in inserted.items()} == dict(counts)
    assert copied == inserted
    assert copied_queued == inserted_queued and copied_queued["rollup_queue"] > 0  # triggers fired


def test_a_row_without_a_required_column_another_row_gives_is_refused(postgres_app):
    rows = [{"id": "s1", "visitor_id": "v1"}, {"id": "s2"}]
    with postgres_app.app_context(), pytest.raises(ValueError, match="visit_sessions has no visitor_id"):
        copy_rows(db.metadata.tables["visit_sessions"], rows)
