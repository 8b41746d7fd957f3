"""Walking every visitor or lead in key order, a batch at a time (keyset pagination)."""

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Visitor
from leadcapture.scoring import VisitorFacts
from leadcapture.visitor_scores.facts_loader import load_facts


def count(column) -> int:
    return db.session.scalar(select(func.count(column))) or 0


def key_batches(column, size: int, limit: int | None = None) -> Iterator[list]:
    """Successive lists of at most ``size`` values of the primary key ``column``, ascending (the
    first ``limit`` values only, when given)."""
    last, left = None, limit
    while left is None or left > 0:
        query = select(column).order_by(column).limit(size if left is None else min(size, left))
        if last is not None:
            query = query.where(column > last)
        keys = list(db.session.scalars(query))
        if not keys:
            return
        yield keys
        last = keys[-1]
        if left is not None:
            left -= len(keys)


def visitor_fact_batches(
    size: int, now: datetime, limit: int | None = None
) -> Iterator[tuple[list[str], dict[str, VisitorFacts]]]:
    """Every visitor's id and facts (or the first ``limit`` in id order), ``size`` at a time."""
    for ids in key_batches(Visitor.id, size, limit):
        yield ids, load_facts({visitor_id: [visitor_id] for visitor_id in ids}, now)
