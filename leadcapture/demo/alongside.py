"""Generating and writing demo visitors at once, in forked processes (``leadcapture.forked``).

Generating a visitor is pure Python; writing it is mostly the database's work, on the connection's
server process. In one process the two take turns on one core. On PostgreSQL a child generates
batches of bundles into a bounded queue and ``WRITERS`` children write them (each batch whole, in
foreign-key order, with a connection of their own), so the generator and two server processes
share the cores. A batch holds whole visitors and the one generator makes every id, email and
booking slot, so the writers never step on each other; only the order rows reach the tables
differs from one run to the next. SQLite takes one writer at a time: there this process generates
and writes.
"""

import multiprocessing
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from sqlalchemy import text

from leadcapture.demo.generator import Bundle, DemoOptions, generate
from leadcapture.demo.writer import BulkWriter, write_bundles
from leadcapture.extensions import db
from leadcapture.forked import Send, own_connections, run_forked
from leadcapture.models.event_partitions import ensure_months
from leadcapture.models.types import utcnow

BATCH_BUNDLES = 200
WRITERS = 2
# At most this many batches wait for a writer: the memory stays bounded when writing is slower.
QUEUED_BATCHES = 8


def write_alongside(options: DemoOptions, progress: Callable[[int], None]) -> Counter[str]:
    """Generate and write ``options``' visitors, calling ``progress`` with the visitors written;
    the rows written per table."""
    if db.engine.dialect.name != "postgresql":
        return write_bundles(_counted(generate(options), progress))
    # Each month's events go into that month's partition, not the default one, so that the roll-ups
    # of a day read its month only (not every loaded event), and retention can drop whole months.
    now = options.now or utcnow()
    ensure_months(now, since=now - timedelta(days=options.days))
    db.session.commit()
    db.session.close()  # nothing of this process's transaction state goes into the children
    batches = multiprocessing.get_context("fork").Queue(QUEUED_BATCHES)
    children = [partial(_generate, options, batches), *[partial(_write, batches)] * WRITERS]
    counts: Counter[str] = Counter()
    for _child, (visitors, written) in run_forked(children, name="demo"):
        progress(visitors)
        counts.update(written)
    # Fresh statistics for what reads the rows next (the roll-ups): autovacuum gets there later.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return counts


def _counted(bundles, progress: Callable[[int], None]):
    for bundle in bundles:
        yield bundle
        progress(1)


def _generate(options: DemoOptions, batches: multiprocessing.Queue, _send: Send) -> None:
    batch: list[Bundle] = []
    for bundle in generate(options):
        batch.append(bundle)
        if len(batch) == BATCH_BUNDLES:
            batches.put(batch)
            batch = []
    for last in (batch, *[None] * WRITERS):  # then one end mark per writer
        batches.put(last)


def _write(batches: multiprocessing.Queue, send: Send) -> None:
    own_connections()
    writer = BulkWriter()
    while (batch := batches.get()) is not None:
        for bundle in batch:
            writer.add(bundle)
        send((len(batch), {}))
    writer.flush()
    send((0, dict(writer.counts)))
