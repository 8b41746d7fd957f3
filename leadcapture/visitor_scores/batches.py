"""Walking every visitor or lead in key order, a batch at a time (keyset pagination), and the
facts of a batch of visitors read by its id range."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import case, func, select

from leadcapture.extensions import db
from leadcapture.models import Interaction, LeadVisitor, Visitor, VisitSession
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


def range_facts(ids: list, now: datetime, leads: bool = False) -> dict[object, VisitorFacts]:
    """The facts of ``ids``, ascending and every visitor (with ``leads``: every lead) between the
    first and the last: what ``load_facts`` gives each visitor alone (each lead with all its
    visitors), from two queries on the id range (no list of ids sent) with the sessions summed up
    by the database."""
    interactions = defaultdict(list)
    key, query = _in_range(_INTERACTIONS, ids, leads)
    for owner, tool, data, created_at in db.session.execute(
        query.add_columns(_INTERACTIONS.tool, _INTERACTIONS.data, _INTERACTIONS.created_at).order_by(
            key, _INTERACTIONS.created_at
        )
    ).all():
        interactions[owner].append(InteractionFacts(tool, data or {}, days_between(created_at, now)))
    # The last visit that is over: the ongoing one does not count.
    ended = case((_SESSIONS.last_seen_at < now - ONGOING, _SESSIONS.last_seen_at))
    key, query = _in_range(_SESSIONS, ids, leads)
    sessions = {
        owner: aggregates
        for owner, *aggregates in db.session.execute(
            query.add_columns(func.count(), func.sum(_SESSIONS.active_seconds), func.max(ended)).group_by(key)
        ).all()
    }
    facts = {}
    for owner in ids:
        session_count, active_seconds, last_ended = sessions.get(owner, _NO_SESSIONS)
        days = None if last_ended is None else days_between(last_ended, now)
        facts[owner] = VisitorFacts(tuple(interactions.get(owner, ())), active_seconds, session_count, days)
    return facts


def _in_range(rows, ids: list, leads: bool) -> tuple:
    """The owner's id (the visitor's, or with ``leads`` the lead's) of the ``rows`` (a table's
    columns, with ``visitor_id``) owned by the ids from the first to the last of ``ids``, and a
    SELECT of it."""
    if not leads:
        return rows.visitor_id, select(rows.visitor_id).where(rows.visitor_id.between(ids[0], ids[-1]))
    links = LeadVisitor.__table__
    query = select(links.c.lead_id).join_from(
        links, rows.visitor_id.table, links.c.visitor_id == rows.visitor_id
    )
    return links.c.lead_id, query.where(links.c.lead_id.between(ids[0], ids[-1]))
