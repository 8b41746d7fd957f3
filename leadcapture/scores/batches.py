"""Walking every visitor or lead in key order, a batch at a time (keyset pagination)."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Visitor
from leadcapture.scores.facts import load_facts
from leadcapture.scoring import VisitorFacts


def count(column) -> int:
    return db.session.scalar(select(func.count(column))) or 0


def key_batches(column, size: int) -> Iterator[list]:
    """Successive lists of at most ``size`` values of the primary key ``column``, ascending."""
    last = None
    while True:
        query = select(column).order_by(column).limit(size)
        if last is not None:
            query = query.where(column > last)
        keys = list(db.session.scalars(query))
        if not keys:
            return
        yield keys
        last = keys[-1]


def visitor_fact_batches(
    size: int, now: datetime, limit: int | None = None
) -> Iterator[tuple[list[str], dict[str, VisitorFacts]]]:
    """Every visitor's id and facts (or the first ``limit`` in id order), ``size`` at a time."""
    left = limit
    for ids in key_batches(Visitor.id, size if limit is None else min(size, limit)):
        if left is not None:
            ids = ids[:left]
            left -= len(ids)
        yield ids, load_facts({visitor_id: [visitor_id] for visitor_id in ids}, now)
        if left == 0:
            return
