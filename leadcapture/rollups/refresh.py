"""Folding the queue of new rows into the roll-ups, a batch of visitors at a time.

For each queued visitor: the roll-ups hold their rows for their history without the queued
items; we add the rows of the full history and take away those of the history without them.
The history is read before the queue, so an item committed in between stays queued for the next
refresh (counted once, never twice). A refresh first writes ``rollup_state``, so two refreshes
never fold the same items at once.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from sqlalchemy import bindparam, delete, select

from leadcapture.extensions import db
from leadcapture.models import DailyActivity, FilterValue, FunnelRollup, RollupQueue, RollupState
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.rollups.funnel_rows import FunnelKey, funnel_rows
from leadcapture.rollups.history import VisitorHistory
from leadcapture.rollups.load import load_histories

BATCH_VISITORS = 2000
FILTER_DIMENSIONS = ("campaign", "source", "device")


def refresh_rollups(batch_visitors: int = BATCH_VISITORS) -> int:
    """Fold every queued item into the roll-ups; commits after each batch. Returns how many
    visitors changed."""
    if db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None:
        return 0
    changed, after = 0, ""
    while True:
        _lock()
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
            changed += _fold(visitor_ids)
        db.session.commit()
        if len(visitor_ids) < batch_visitors:
            return changed
        after = visitor_ids[-1]


def _lock() -> None:
    statement = dialect_insert(RollupState.__table__).values(id=1, refreshed_at=utcnow())
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["id"], set_={"refreshed_at": statement.excluded.refreshed_at}
        )
    )


class _Changes:
    """What one batch adds to each roll-up table."""

    def __init__(self):
        self.funnel: Counter[FunnelKey] = Counter()
        self.activity: dict[date, Counter[str]] = defaultdict(Counter)
        self.filter_values: set[tuple[str, str]] = set()
        self.folded: list[dict] = []

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
        self.folded.extend({"v": visitor_id, "k": kind, "r": ref} for kind, ref in done)

    def write(self) -> None:
        funnel = [{**key._asdict(), "visitors": count} for key, count in self.funnel.items() if count]
        if funnel:
            table = FunnelRollup.__table__
            insert = dialect_insert(table)
            db.session.execute(
                insert.on_conflict_do_update(
                    index_elements=[column.name for column in table.primary_key],
                    set_={"visitors": table.c.visitors + insert.excluded.visitors},
                ),
                funnel,
            )
        if self.activity:
            table = DailyActivity.__table__
            insert = dialect_insert(table)
            db.session.execute(
                insert.on_conflict_do_update(
                    index_elements=["day"],
                    set_={
                        "sessions": table.c.sessions + insert.excluded.sessions,
                        "tool_uses": table.c.tool_uses + insert.excluded.tool_uses,
                    },
                ),
                [
                    {"day": day, "sessions": counts["sessions"], "tool_uses": counts["tool_uses"]}
                    for day, counts in self.activity.items()
                ],
            )
        if self.filter_values:
            db.session.execute(
                dialect_insert(FilterValue.__table__).on_conflict_do_nothing(),
                [{"dimension": dim, "value": value} for dim, value in self.filter_values],
            )
        queue = RollupQueue.__table__
        db.session.execute(
            delete(queue).where(
                queue.c.visitor_id == bindparam("v"),
                queue.c.kind == bindparam("k"),
                queue.c.ref == bindparam("r"),
            ),
            self.folded,
        )


def _fold(visitor_ids: Sequence[str]) -> int:
    histories = load_histories(visitor_ids)
    queued: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for visitor_id, kind, ref in db.session.execute(
        select(RollupQueue.visitor_id, RollupQueue.kind, RollupQueue.ref).where(
            RollupQueue.visitor_id.in_(visitor_ids)
        )
    ):
        queued[visitor_id].add((kind, ref))
    changes = _Changes()
    changed = 0
    for visitor_id, items in queued.items():
        history = histories.get(visitor_id, VisitorHistory())
        done = items & history.items()
        if done:
            changes.add(visitor_id, history, done)
            changed += 1
    if changes.folded:
        changes.write()
    return changed
