"""Anonymous visitors past retention: a visitor never linked to a lead (nor named in a booking)
whose last visit ended ``RETENTION_VISITOR_DAYS`` ago or longer is deleted with everything it did
(sessions, tool uses, events, contact-form prompts, score).

The reports keep counting them: their activity is folded into the roll-ups and their days into the
attribution's visitor counts before their rows go, and their share of the roll-ups is kept apart
for a rebuild (``leadcapture.rollups.retired``). A visitor goes whole, never a part of its history,
so nothing is ever counted again from a thinned history.
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import delete, exists, func, select

from leadcapture.extensions import db
from leadcapture.media import erase_visitor_media
from leadcapture.models import (
    BehaviourEvent,
    Booking,
    ContactPrompt,
    Interaction,
    LeadVisitor,
    Visitor,
    VisitorScore,
    VisitSession,
)
from leadcapture.reports.period import Period
from leadcapture.reports.visitor_days import ensure_days
from leadcapture.rollups.refresh import refresh_rollups
from leadcapture.rollups.retired import retire_visitors

BATCH_VISITORS = 1000
# A visitor's rows, by what the purge reports; children first, then the visitor (whose deletion
# cascades to any other table that holds it).
VISITOR_ROWS = {
    "events": BehaviourEvent,
    "prompts": ContactPrompt,
    "interactions": Interaction,
    "scores": VisitorScore,
    "sessions": VisitSession,
}


def expired_visitors(cutoff: datetime):
    """SELECT of the ids of the visitors without a lead or a booking, first and last seen at or
    before ``cutoff``."""
    return select(Visitor.id).where(
        Visitor.created_at <= cutoff,
        ~exists().where(VisitSession.visitor_id == Visitor.id, VisitSession.last_seen_at > cutoff),
        ~exists().where(LeadVisitor.visitor_id == Visitor.id),
        ~exists().where(Booking.visitor_id == Visitor.id),
    )


def count_expired_visitors(cutoff: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(expired_visitors(cutoff).subquery()))


def purge_visitors(cutoff: datetime, now: datetime, progress) -> Counter[str]:
    """Delete the expired visitors and their rows, ``BATCH_VISITORS`` at a time (a commit each;
    ``progress`` gets each batch's visitors). Returns how many rows of each kind went."""
    refresh_rollups()
    _count_visitor_days(cutoff, now)
    removed = Counter(
        dict.fromkeys(("visitors", "sessions", "interactions", "events", "prompts", "scores", "media"), 0)
    )
    after = ""
    while ids := list(
        db.session.scalars(
            expired_visitors(cutoff).where(Visitor.id > after).order_by(Visitor.id).limit(BATCH_VISITORS)
        )
    ):
        retire_visitors(ids)
        removed["media"] += erase_visitor_media(ids)
        for name, model in VISITOR_ROWS.items():
            removed[name] += db.session.execute(delete(model).where(model.visitor_id.in_(ids))).rowcount
        removed["visitors"] += db.session.execute(delete(Visitor).where(Visitor.id.in_(ids))).rowcount
        db.session.commit()
        progress(len(ids))
        after = ids[-1]
    return removed


def _count_visitor_days(cutoff: datetime, now: datetime) -> None:
    """Have the attribution count the days up to ``cutoff`` it has not counted yet (a report
    counts a day when it first shows it), while their sessions are all there."""
    first = db.session.scalar(
        select(func.min(VisitSession.started_at)).where(VisitSession.started_at <= cutoff)
    )
    if first is not None:
        ensure_days(Period(first.date(), cutoff.date()), now)
