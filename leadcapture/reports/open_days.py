"""Counting a day that is still going on (today) into the visitor roll-up, a few sessions at a time.

The visitors already counted for the day are kept (``ChannelVisitorPair``); sessions started since
the last count (less a margin for requests still committing then) add only the visitors not kept
yet, each with the last day they had come from that channel before. Counting the same sessions
twice, or two reports counting at once, adds nobody twice: the kept pairs are unique and only the
pairs a report managed to insert are added to the roll-up.
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import Date, and_, func, literal, select
from sqlalchemy.orm import aliased

from leadcapture.extensions import db
from leadcapture.models import NO_PREVIOUS_DAY, ChannelVisitorDay, ChannelVisitorPair, VisitSession
from leadcapture.models.upsert import add_counts, dialect_insert
from leadcapture.reports.channels import ANY, GROUPINGS, session_channel
from leadcapture.reports.period import Period

PAIR_KEY = ["day", "grouping", "channel", "visitor_id"]


def count_sessions_since(day: date, since: datetime) -> None:
    """Add to ``day``'s roll-up rows the visitors of its sessions started from ``since`` on who
    are not counted yet (no commit)."""
    for grouping in (*GROUPINGS, ANY):
        added = Counter(db.session.execute(_insert_new_pairs(grouping, day, since)).all())
        if not added:
            continue
        add_counts(
            ChannelVisitorDay.__table__,
            [
                {
                    "grouping": grouping,
                    "day": day,
                    "channel": channel,
                    "previous_day": previous,
                    "visitors": count,
                }
                for (channel, previous), count in added.items()
            ],
            ["visitors"],
        )


def last_day_before(grouping: str, visitor_id, channel, before: datetime):
    """SQL for the last day before ``before`` on which ``visitor_id`` came from ``channel`` (a
    correlated subquery: one index lookup per visitor asked about)."""
    earlier = aliased(VisitSession)
    return (
        select(func.max(func.date(earlier.started_at, type_=Date)))
        .where(
            earlier.visitor_id == visitor_id,
            earlier.started_at < before,
            session_channel(grouping, earlier) == channel,
        )
        .scalar_subquery()
    )


def _insert_new_pairs(grouping: str, day: date, since: datetime):
    """INSERT the (visitor, channel) pairs of ``day``'s sessions from ``since`` that are not kept
    yet, with their previous day; RETURNING (channel, previous day) of each pair inserted."""
    start, end = Period(day, day).start, Period(day, day).end
    pairs = (
        select(VisitSession.visitor_id, session_channel(grouping, VisitSession).label("channel"))
        .where(VisitSession.started_at >= max(since, start), VisitSession.started_at < end)
        .distinct()
        .subquery()
    )
    previous = last_day_before(grouping, pairs.c.visitor_id, pairs.c.channel, start)
    kept = aliased(ChannelVisitorPair)
    new = (
        select(
            literal(day, Date),
            literal(grouping),
            pairs.c.channel,
            pairs.c.visitor_id,
            func.coalesce(previous, literal(NO_PREVIOUS_DAY, Date)),
        )
        .select_from(pairs)
        .outerjoin(
            kept,
            and_(
                kept.day == day,
                kept.grouping == grouping,
                kept.channel == pairs.c.channel,
                kept.visitor_id == pairs.c.visitor_id,
            ),
        )
        .where(kept.visitor_id.is_(None))
    )
    columns = (*PAIR_KEY, "previous_day")
    statement = dialect_insert(ChannelVisitorPair).from_select(columns, new)
    return statement.on_conflict_do_nothing(index_elements=PAIR_KEY).returning(
        ChannelVisitorPair.channel, ChannelVisitorPair.previous_day
    )
