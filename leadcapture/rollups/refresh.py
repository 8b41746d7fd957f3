"""Folding the queue of new rows into the roll-ups, a batch of visitors at a time.

For each queued visitor: the roll-ups hold their rows for their history without the queued
items; we add the rows of the full history and take away those of the history without them.
The history is read before the queue, so an item committed in between stays queued for the next
refresh (counted once, never twice). A refresh first writes ``rollup_state``, so two refreshes
never fold the same items at once.
"""

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date

from sqlalchemy import Table, delete, distinct, func, select

from leadcapture.extensions import db
from leadcapture.models import DailyActivity, FilterValue, FunnelRollup, RollupQueue, RollupState
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import add_counts, dialect_insert
from leadcapture.rollups.funnel_rows import FunnelKey, funnel_rows
from leadcapture.rollups.history import VisitorHistory
from leadcapture.rollups.load import VisitorBatch, load_histories, visitor_batch

BATCH_VISITORS = 5000
# After a bulk load, and for a rebuild: bigger batches share more roll-up rows between visitors
# but take more memory and hold the roll-ups' lock longer (a report view waits for it). Rebuilding
# 80,000 demo visitors on PostgreSQL: 41 s and 280 MB at most in batches of 5,000, 30 s and 395 MB
# in batches of 20,000, 26 s and 513 MB in batches of 40,000.
BULK_BATCH_VISITORS = 20_000
# A report view folds in about this much before it reads; the worker's refresh every minute does
# the rest, so a backlog (after a bulk load: minutes of work) never holds up a page.
VIEW_BATCH_VISITORS = 1000
VIEW_SECONDS = 0.2
FILTER_DIMENSIONS = ("campaign", "source", "device")

Item = tuple[str, str, str]  # (visitor_id, kind, ref) of a queue row


def queued_visitors() -> int:
    """How many visitors have queued items (a refresh's work, for a progress bar)."""
    return db.session.scalar(select(func.count(distinct(RollupQueue.visitor_id))))


def refresh_rollups(
    batch_visitors: int = BATCH_VISITORS,
    seconds: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Fold every queued item into the roll-ups (or stop after the batch that passes ``seconds``);
    commits after each batch, and calls ``progress`` with its visitors. Returns how many
    visitors changed."""
    if db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None:
        return 0
    deadline = time.monotonic() + seconds if seconds is not None else None
    changed, after = 0, ""
    while deadline is None or time.monotonic() < deadline:
        lock_rollups()
        visitor_ids = list(
            db.session.scalars(
                select(RollupQueue.visitor_id)
                .where(RollupQueue.visitor_id > after)
                .distinct()
                .order_by(RollupQueue.visitor_id)
                .limit(batch_visitors)
            )
        )
        if visitor_ids:
            changed += _fold(visitor_batch(visitor_ids))
        db.session.commit()
        if progress:
            progress(len(visitor_ids))
        if len(visitor_ids) < batch_visitors:
            break
        after = visitor_ids[-1]
    return changed


def refresh_for_view() -> int:
    """What a report view runs before it reads the roll-ups: ``refresh_rollups`` in batches of
    ``VIEW_BATCH_VISITORS``, stopping after the batch that passes ``VIEW_SECONDS``; commits."""
    return refresh_rollups(VIEW_BATCH_VISITORS, seconds=VIEW_SECONDS)


def lock_rollups() -> None:
    """Make other refreshes wait until this transaction ends."""
    statement = dialect_insert(RollupState.__table__).values(id=1, refreshed_at=utcnow())
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["id"], set_={"refreshed_at": statement.excluded.refreshed_at}
        )
    )


def _fold(batch: VisitorBatch) -> int:
    histories = load_histories(batch)
    wanted = set(batch.ids)
    queue = RollupQueue.__table__
    queued: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for visitor_id, kind, ref in db.session.execute(select(queue).where(batch.where(queue.c.visitor_id))):
        if visitor_id in wanted:
            queued[visitor_id].add((kind, ref))
    changes = RollupChanges()
    for visitor_id, items in queued.items():
        history = histories.get(visitor_id, VisitorHistory())
        done = items & history.items()
        if done:
            changes.add(visitor_id, history, done)
    changes.write()
    # Take the folded items off the queue; whatever else the range delete took goes back.
    taken = db.session.execute(delete(queue).where(batch.where(queue.c.visitor_id)).returning(*queue.c))
    back = [
        dict(zip(("visitor_id", "kind", "ref"), row, strict=True))
        for row in {tuple(row) for row in taken} - changes.folded
    ]
    if back:
        db.session.execute(dialect_insert(queue).on_conflict_do_nothing(), back)
    return changes.visitors


class RollupChanges:
    """What one batch adds to each roll-up table."""

    def __init__(self):
        self.funnel: Counter = Counter()
        self.activity: dict[date, Counter[str]] = defaultdict(Counter)
        self.filter_values: set[tuple[str, str]] = set()
        self.folded: set[Item] = set()
        self.visitors = 0

    def add(self, visitor_id: str, history: VisitorHistory, done: set[tuple[str, str]]) -> None:
        self.funnel.update(funnel_rows(history))
        self.funnel.subtract(funnel_rows(history.without(done)))
        for session in history.sessions:
            if ("s", session.ref) in done:
                self.activity[session.day]["sessions"] += 1
                values = (session.campaign, session.source, session.device)
                self.filter_values.update(
                    (dim, value) for dim, value in zip(FILTER_DIMENSIONS, values, strict=True) if value
                )
        for use in history.tool_uses:
            if ("i", use.ref) in done:
                self.activity[use.day]["tool_uses"] += 1
        self.folded.update((visitor_id, kind, ref) for kind, ref in done)
        self.visitors += 1

    def write(
        self, funnel: Table = FunnelRollup.__table__, activity: Table = DailyActivity.__table__
    ) -> None:
        """Add the counts to the roll-ups (or to tables of the same columns)."""
        add_counts(
            funnel,
            [
                dict(zip(FunnelKey._fields, key, strict=True), visitors=count)
                for key, count in self.funnel.items()
                if count
            ],
            ["visitors"],
        )
        add_counts(
            activity,
            [
                {"day": day, "sessions": counts["sessions"], "tool_uses": counts["tool_uses"]}
                for day, counts in self.activity.items()
            ],
            ["sessions", "tool_uses"],
        )
        if self.filter_values:
            db.session.execute(
                dialect_insert(FilterValue.__table__).on_conflict_do_nothing(),
                [{"dimension": dim, "value": value} for dim, value in self.filter_values],
            )
