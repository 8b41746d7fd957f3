"""Giving visitors fresh random ids everywhere, so that no row names the erased ids while every
row keeps counting: the roll-ups hold counts, not ids, and a visitor's history is the same under
its new id (its queued roll-up items and insight move with it)."""

from sqlalchemy import Table, bindparam, delete, insert, select, update

from leadcapture.extensions import db
from leadcapture.models import InsightQueue, RollupQueue, Visitor
from leadcapture.models.types import new_id
from leadcapture.models.upsert import dialect_insert


def replace_visitor_ids(old_ids: tuple[str, ...]) -> int:
    """Move each visitor of ``old_ids`` and every row naming it (any table with a ``visitor_id``
    column) to a fresh id (no commit); how many visitors moved."""
    fresh = {old: new_id() for old in old_ids}
    if not fresh:
        return 0
    visitors, queue = Visitor.__table__, RollupQueue.__table__
    rows = db.session.execute(select(visitors).where(visitors.c.id.in_(old_ids))).mappings().all()
    db.session.execute(insert(visitors), [{**row, "id": fresh[row["id"]]} for row in rows])
    queued = db.session.execute(select(queue).where(queue.c.visitor_id.in_(old_ids))).all()
    moves = [{"old_id": old, "new_id": new} for old, new in fresh.items()]
    for table in _naming_visitors():  # one executemany per table
        statement = update(table).where(table.c.visitor_id == bindparam("old_id"))
        db.session.execute(statement.values(visitor_id=bindparam("new_id")), moves)
    # A booking's new visitor makes its trigger queue the booking again, as if newly made: the
    # queue gets back exactly what it held.
    db.session.execute(delete(queue).where(queue.c.visitor_id.in_([*old_ids, *fresh.values()])))
    if queued:
        db.session.execute(
            insert(queue),
            [{"visitor_id": fresh[visitor], "kind": kind, "ref": ref} for visitor, kind, ref in queued],
        )
    _requeue_insights(fresh)
    db.session.execute(delete(visitors).where(visitors.c.id.in_(old_ids)))
    return len(rows)


def _requeue_insights(fresh: dict[str, str]) -> None:
    """The visitors' insights are worked out again under their new ids (the old ones leave the queue)."""
    queue = InsightQueue.__table__
    db.session.execute(delete(queue).where(queue.c.visitor_id.in_(list(fresh))))
    db.session.execute(
        dialect_insert(queue).on_conflict_do_nothing(),
        [{"visitor_id": new} for new in fresh.values()],
    )


def _naming_visitors() -> list[Table]:
    return [
        table
        for table in db.metadata.sorted_tables
        if "visitor_id" in table.c
        and table.name not in (RollupQueue.__tablename__, InsightQueue.__tablename__)
    ]
