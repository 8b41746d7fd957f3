"""Walking every visitor or lead in key order, a batch at a time (keyset pagination), and the
facts of a batch of visitors read by its id range."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import case, func, select

from leadcapture.extensions import db
from leadcapture.models import Interaction, Visitor, VisitSession
from leadcapture.scoring import InteractionFacts, VisitorFacts
from leadcapture.visitor_scores.facts_loader import ONGOING, days_between

_SESSIONS = VisitSession.__table__.c
_INTERACTIONS = Interaction.__table__.c
_NO_SESSIONS = (0, 0, None)


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
        yield ids, range_facts(ids, now)


def range_facts(ids: list[str], now: datetime) -> dict[str, VisitorFacts]:
    """The facts of ``ids``, ascending and every visitor between the first and the last: what
    ``load_facts`` gives each alone, from two queries on the id range (no list of ids sent) with
    the sessions summed up by the database."""
    between = ids[0], ids[-1]
    interactions = defaultdict(list)
    for visitor_id, tool, data, created_at in db.session.execute(
        select(_INTERACTIONS.visitor_id, _INTERACTIONS.tool, _INTERACTIONS.data, _INTERACTIONS.created_at)
        .where(_INTERACTIONS.visitor_id.between(*between))
        .order_by(_INTERACTIONS.visitor_id, _INTERACTIONS.created_at)
    ).all():
        interactions[visitor_id].append(InteractionFacts(tool, data or {}, days_between(created_at, now)))
    # The last visit that is over: the ongoing one does not count.
    ended = case((_SESSIONS.last_seen_at < now - ONGOING, _SESSIONS.last_seen_at))
    sessions = {
        visitor_id: aggregates
        for visitor_id, *aggregates in db.session.execute(
            select(_SESSIONS.visitor_id, func.count(), func.sum(_SESSIONS.active_seconds), func.max(ended))
            .where(_SESSIONS.visitor_id.between(*between))
            .group_by(_SESSIONS.visitor_id)
        ).all()
    }
    facts = {}
    for visitor_id in ids:
        session_count, active_seconds, last_ended = sessions.get(visitor_id, _NO_SESSIONS)
        days = None if last_ended is None else days_between(last_ended, now)
        facts[visitor_id] = VisitorFacts(
            tuple(interactions.get(visitor_id, ())), active_seconds, session_count, days
        )
    return facts
