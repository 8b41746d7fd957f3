"""Loading the scoring engine's plain facts from the database, many visitors at a time."""

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Interaction, VisitSession
from leadcapture.scoring import InteractionFacts, VisitorFacts

ONGOING = timedelta(minutes=30)


def load_facts(groups: Mapping[object, Iterable[str]], now: datetime) -> dict[object, VisitorFacts]:
    """Facts for each group of visitor ids (a visitor alone, or all visitors of a lead).

    Two queries in all, whatever the number of groups: interactions and sessions of every
    visitor named.
    """
    groups = {key: list(ids) for key, ids in groups.items()}
    visitor_ids = {visitor_id for ids in groups.values() for visitor_id in ids}
    interactions, sessions = defaultdict(list), defaultdict(list)
    if visitor_ids:
        for row in db.session.execute(
            select(Interaction.visitor_id, Interaction.tool, Interaction.data, Interaction.created_at).where(
                Interaction.visitor_id.in_(visitor_ids)
            )
        ):
            interactions[row.visitor_id].append(row)
        for row in db.session.execute(
            select(VisitSession.visitor_id, VisitSession.active_seconds, VisitSession.last_seen_at).where(
                VisitSession.visitor_id.in_(visitor_ids)
            )
        ):
            sessions[row.visitor_id].append(row)
    return {
        key: _facts(
            [row for visitor_id in ids for row in interactions[visitor_id]],
            [row for visitor_id in ids for row in sessions[visitor_id]],
            now,
        )
        for key, ids in groups.items()
    }


def new_visitor_facts(
    interactions: Iterable[Interaction], sessions: Iterable[VisitSession], now: datetime
) -> VisitorFacts:
    """Facts of a visitor created by the current transaction, from the rows it added: what
    ``load_facts`` would read back (nothing else can refer to a visitor that did not exist),
    without its two queries. ``data`` goes through JSON as the database stores it."""
    stored = [
        SimpleNamespace(tool=row.tool, data=json.loads(json.dumps(row.data)), created_at=row.created_at)
        for row in interactions
    ]
    return _facts(stored, list(sessions), now)


def _facts(interactions: list, sessions: list, now: datetime) -> VisitorFacts:
    interactions.sort(key=lambda row: row.created_at)
    return VisitorFacts(
        interactions=tuple(
            InteractionFacts(row.tool, row.data or {}, days_between(row.created_at, now))
            for row in interactions
        ),
        active_seconds=sum(row.active_seconds for row in sessions),
        session_count=len(sessions),
        days_since_last_visit=_days_since_last_visit(sessions, now),
    )


def _days_since_last_visit(sessions: list, now: datetime) -> float | None:
    """Days since the latest visit that is over (the ongoing one does not count)."""
    ended = [row.last_seen_at for row in sessions if now - row.last_seen_at > ONGOING]
    return days_between(max(ended), now) if ended else None


def days_between(moment: datetime, now: datetime) -> float:
    """The days from ``moment`` to ``now``, as the facts count ages."""
    return (now - moment).total_seconds() / 86400
