"""The roll-ups' share of visitors whose rows are deleted (the retention purge), kept apart so a
rebuild, which counts from the rows there are, still counts them.

The live roll-ups keep those visitors as they are: a refresh only ever adds what is queued, and
deleted rows queue nothing. Only ``flask rollups rebuild`` starts again from the rows, and it
starts from the kept share (``restore_retired``).
"""

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import insert, literal, select, union

from leadcapture.extensions import db
from leadcapture.models import (
    DailyActivity,
    FilterValue,
    FunnelRollup,
    PurgedDailyActivity,
    PurgedFunnelRollup,
    RollupQueue,
)
from leadcapture.rollups.load import load_histories, visitor_batch
from leadcapture.rollups.refresh import FILTER_DIMENSIONS, RollupChanges, lock_rollups


def retire_visitors(ids: Sequence[str]) -> None:
    """Keep what the visitors ``ids`` (sorted) add to the live roll-ups apart, and drop their queued
    items, before their rows are deleted (no commit). Fold their activity in first
    (``refresh_rollups``): what is still queued then is in neither, and is never counted."""
    if not ids:
        return
    lock_rollups()  # a refresh must not fold (or put back) their queued items meanwhile
    queue = RollupQueue.__table__
    queued: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for visitor_id, kind, ref in db.session.execute(select(queue).where(queue.c.visitor_id.in_(ids))):
        queued[visitor_id].add((kind, ref))
    changes = RollupChanges()
    for visitor_id, history in load_histories(visitor_batch(ids)).items():
        counted = history.without(queued[visitor_id])
        changes.add(visitor_id, counted, counted.items())
    changes.write(PurgedFunnelRollup.__table__, PurgedDailyActivity.__table__)
    db.session.execute(queue.delete().where(queue.c.visitor_id.in_(ids)))


def restore_retired() -> None:
    """Put the kept share into the emptied roll-ups, with its filter values: the start of a
    rebuild (no commit)."""
    for live, kept in ((FunnelRollup, PurgedFunnelRollup), (DailyActivity, PurgedDailyActivity)):
        columns = [column.key for column in kept.__table__.columns]
        db.session.execute(insert(live).from_select(columns, select(kept.__table__)))
    values = union(
        *(
            select(literal(dimension).label("dimension"), column.label("value"))
            .where(column != "")
            .distinct()
            for dimension in FILTER_DIMENSIONS
            for column in [getattr(PurgedFunnelRollup, dimension)]
        )
    )
    db.session.execute(insert(FilterValue).from_select(["dimension", "value"], values))
