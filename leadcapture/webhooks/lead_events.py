"""The lead events (``lead.created``, ``lead.score_changed``, ``lead.status_changed``), emitted at the
commit with the lead's final values.

The write path calls ``watch_lead`` before it changes a lead (capture, scoring, the sales
workflow); the commit compares each watched lead with what it was when first watched in the
transaction and emits what changed: a lead created and scored in one transaction is one
``lead.created`` with its score. Bulk updates (a rescore), which the ORM does not see, go through
``emit_bulk_score_changes``. Deleted and erased leads emit nothing.
"""

from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session, SessionTransaction

from leadcapture.extensions import db
from leadcapture.listeners import listen_once
from leadcapture.models import Lead
from leadcapture.webhooks.events import LEAD_CREATED, LEAD_SCORE_CHANGED, LEAD_STATUS_CHANGED, lead_data
from leadcapture.webhooks.outbox import emit, emit_many, subscribed

WATCHED_KEY = "leadcapture.webhook_leads"


@dataclass(frozen=True)
class Watched:
    lead: Lead
    created: bool
    score: int
    engagement_level: str
    status: str


def watch_lead(lead: Lead, created: bool = False) -> None:
    """Remember ``lead`` as it is now (``created``: this transaction made it), unless it is watched
    already, to emit its events at the commit."""
    watched = db.session().info.setdefault(WATCHED_KEY, {})
    if lead.id not in watched:
        watched[lead.id] = Watched(lead, created, lead.score, lead.engagement_level, lead.status)


def lead_events(watched: Watched) -> list[tuple[str, dict]]:
    """The events of a watched lead as it is now: (type, data) pairs."""
    lead = watched.lead
    if lead.deleted_at is not None or lead.erased_at is not None:
        return []
    data = lead_data(lead.id, lead.score, lead.engagement_level, lead.status)
    if watched.created:
        return [(LEAD_CREATED, data)]
    events = []
    if (lead.score, lead.engagement_level) != (watched.score, watched.engagement_level):
        previous = {"previous_score": watched.score, "previous_engagement_level": watched.engagement_level}
        events.append((LEAD_SCORE_CHANGED, data | previous))
    if lead.status != watched.status:
        events.append((LEAD_STATUS_CHANGED, data | {"previous_status": watched.status}))
    return events


def emit_bulk_score_changes(before: dict[int, dict], updates: list[dict]) -> int:
    """``lead.score_changed`` for the leads of a bulk update (each row: ``id`` and the values about
    to be set) whose score or level differ from ``before`` (their stored values, by id); no commit."""
    changed = {}
    for row in updates:
        stored = before[row["id"]]
        now = {name: row.get(name, stored[name]) for name in ("score", "engagement_level")}
        if now != {name: stored[name] for name in now} and stored["deleted_at"] is None:
            changed[row["id"]] = (stored, now)
    if not changed or not subscribed(LEAD_SCORE_CHANGED):
        return 0
    erased = set(db.session.scalars(select(Lead.id).where(Lead.id.in_(changed), Lead.erased_at.is_not(None))))
    datas = [
        lead_data(
            lead_id,
            now["score"],
            now["engagement_level"],
            stored["status"],
            previous_score=stored["score"],
            previous_engagement_level=stored["engagement_level"],
        )
        for lead_id, (stored, now) in changed.items()
        if lead_id not in erased
    ]
    return emit_many(LEAD_SCORE_CHANGED, datas)


def init_app(app: Flask) -> None:
    """Emit the watched leads' events when their transaction commits."""
    listen_once(Session, "before_commit", _emit_watched)
    listen_once(Session, "after_transaction_end", _forget)


def _emit_watched(session: Session) -> None:
    watched = session.info.pop(WATCHED_KEY, None)
    if not watched:
        return
    # Read even when nothing changed: a known email's submission then takes the same statements as
    # a new one's, so that nothing tells them apart (tests/api/test_known_email.py).
    subscribed(LEAD_CREATED)
    for item in watched.values():
        for event_type, data in lead_events(item):
            emit(event_type, data)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(WATCHED_KEY, None)
