"""Bulk-writes demo bundles, a chunk at a time: on PostgreSQL one COPY per table and chunk
(``models.copy``), elsewhere one executemany INSERT; never a round-trip per row.

Demo interactions and events go straight into their tables, bypassing the tracker
(``leadcapture.tracking``) on purpose: the tracker records one live request at a time,
this loads weeks of history in bulk. The generator makes rows the tracker would have made.

Lead ids come from the database: on PostgreSQL taken from the leads' sequence in bulk before the
COPY (which has no ``RETURNING``; concurrent inserts stay safe), elsewhere from the INSERT's
``RETURNING``. Rows that name their lead by ``lead_email`` (lead links, bookings, feedback) get its
``lead_id`` in the same chunk.
"""

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Table, func, insert, select

from leadcapture.demo.generator import Bundle
from leadcapture.extensions import db
from leadcapture.models.copy import copy_rows

COPY_CHUNK_ROWS = 5000
# Without COPY (SQLite): each commit writes every page it touched to the write-ahead log again,
# the indexes' pages too, so fewer, bigger commits write less (20,000 demo visitors on SQLite with
# its 64 MiB page cache, one run each: 28.8 s of writing in chunks of 50,000 rows, 35.5 s in 5,000).
INSERT_CHUNK_ROWS = 50_000


class BulkWriter:
    """Buffers rows by table; every ``chunk_rows`` rows, inserts them (parents first) and commits."""

    def __init__(self, chunk_rows: int | None = None, copy: bool | None = None):
        """``copy``: write with COPY (default: on PostgreSQL); ``chunk_rows`` (default: by the way
        of writing)."""
        self.copy = db.session.get_bind().dialect.name == "postgresql" if copy is None else copy
        self.chunk_rows = chunk_rows or (COPY_CHUNK_ROWS if self.copy else INSERT_CHUNK_ROWS)
        self.pending: dict[str, list[dict]] = {}
        self.buffered = 0
        self.counts: Counter[str] = Counter()

    def add(self, bundle: Bundle) -> None:
        """Queue a bundle's rows; writes a chunk when enough are queued."""
        for table, rows in bundle.items():
            if table not in db.metadata.tables:
                raise ValueError(f"Unknown table {table!r} in a demo bundle")
            self.pending.setdefault(table, []).extend(rows)
            self.buffered += len(rows)
        if self.buffered >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Insert every queued row, in foreign-key order, and commit."""
        lead_ids: dict[str, int] = {}
        for table in db.metadata.sorted_tables:
            rows = self.pending.pop(table.name, None)
            if not rows:
                continue
            if table.name == "leads":
                lead_ids = self._write_leads(table, rows)
            else:
                if "lead_id" in table.c:
                    for row in rows:
                        if "lead_email" in row:  # None: the row has no lead
                            email = row.pop("lead_email")
                            row["lead_id"] = lead_ids[email] if email else None
                self._write(table, rows)
            self.counts[table.name] += len(rows)
        db.session.commit()
        self.buffered = 0

    def _write(self, table: Table, rows: list[dict]) -> None:
        if self.copy:
            copy_rows(table, rows)
        else:
            db.session.execute(insert(table), rows)

    def _write_leads(self, table: Table, rows: list[dict]) -> dict[str, int]:
        """Write the leads; their ids by email."""
        if not self.copy:
            inserted = db.session.execute(insert(table).returning(table.c.email, table.c.id), rows)
            return {email: lead_id for email, lead_id in inserted}
        sequence = func.pg_get_serial_sequence(table.name, table.c.id.name)
        ids = db.session.scalars(
            select(func.nextval(sequence)).select_from(func.generate_series(1, len(rows)))
        )
        for row, lead_id in zip(rows, ids, strict=True):
            row["id"] = lead_id
        copy_rows(table, rows)
        return {row["email"]: row["id"] for row in rows}


def write_bundles(
    bundles: Iterable[Bundle], chunk_rows: int | None = None, copy: bool | None = None
) -> Counter[str]:
    """Write all ``bundles`` in bulk (``copy``: with COPY, by default on PostgreSQL); the number of
    rows written per table."""
    writer = BulkWriter(chunk_rows, copy)
    for bundle in bundles:
        writer.add(bundle)
    writer.flush()
    return writer.counts
