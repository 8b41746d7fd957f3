"""Bulk-writes demo bundles: one executemany INSERT per table and chunk, never a round-trip per row.

Demo interactions and events go straight into their tables, bypassing the tracker
(``leadcapture.tracking``) on purpose: the tracker records one live request at a time,
this loads weeks of history in bulk. The generator makes rows the tracker would have made.

Lead ids come from the database: leads are inserted with ``RETURNING``, and rows that name their
lead by ``lead_email`` (lead links, bookings) get its ``lead_id`` in the same chunk.
"""

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import insert

from leadcapture.demo.generator import Bundle
from leadcapture.extensions import db

CHUNK_ROWS = 5000


class BulkWriter:
    """Buffers rows by table; every ``chunk_rows`` rows, inserts them (parents first) and commits."""

    def __init__(self, chunk_rows: int = CHUNK_ROWS):
        self.chunk_rows = chunk_rows
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
                inserted = db.session.execute(insert(table).returning(table.c.email, table.c.id), rows)
                lead_ids = {email: lead_id for email, lead_id in inserted}
            else:
                if "lead_id" in table.c:
                    for row in rows:
                        if "lead_email" in row:  # None: the row has no lead
                            email = row.pop("lead_email")
                            row["lead_id"] = lead_ids[email] if email else None
                db.session.execute(insert(table), rows)
            self.counts[table.name] += len(rows)
        db.session.commit()
        self.buffered = 0


def write_bundles(bundles: Iterable[Bundle], chunk_rows: int = CHUNK_ROWS) -> Counter[str]:
    """Write all ``bundles`` in bulk; the number of rows written per table."""
    writer = BulkWriter(chunk_rows)
    for bundle in bundles:
        writer.add(bundle)
    writer.flush()
    return writer.counts
