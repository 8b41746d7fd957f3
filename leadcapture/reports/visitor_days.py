"""Distinct visitors per channel over any run of days, from a daily roll-up (``ChannelVisitorDay``).

Counting distinct visitors over a month of sessions takes seconds at a million sessions; the
roll-up keeps, per channel and day, how many visitors came and when each had last come from that
channel, which gives exact distinct counts for any period of whole days from a few thousand rows.

A day is counted when a report first needs it. A closed day (over for longer than ``MARGIN``,
the most a session's request takes to commit) is counted in one go and is final. Today is counted
as it goes (``open_days``): a report older than ``REFRESH`` adds the sessions since, so today's
visitors show up within a minute at the cost of a few rows. ``forget_days`` drops the days a bulk
load (``flask demo-data``) wrote into.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import Date, case, delete, func, literal, select, true

from leadcapture.extensions import db
from leadcapture.models import (
    NO_PREVIOUS_DAY,
    ChannelVisitorDay,
    ChannelVisitorPair,
    Visitor,
    VisitSession,
)
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.ops.metrics import count_cache
from leadcapture.reports.channels import ALL_CHANNELS, ANY, GROUPINGS, session_channel
from leadcapture.reports.day_rollups import counted_days, day_runs, forget_rollup_days, mark_days
from leadcapture.reports.open_days import count_sessions_since, last_day_before
from leadcapture.reports.period import Period

ROLLUP = "channel_visitors"
REFRESH = timedelta(minutes=1)
MARGIN = timedelta(minutes=2)


def visitors_by_channel(grouping: str, period: Period, now: datetime | None = None) -> dict[str, int]:
    """Distinct visitors with a session from each channel (under ``grouping``, or ``ANY``) that
    started in ``period``."""
    ensure_days(period, now or utcnow())
    rows = db.session.execute(
        select(ChannelVisitorDay.channel, func.sum(ChannelVisitorDay.visitors))
        .where(
            ChannelVisitorDay.grouping == grouping,
            ChannelVisitorDay.day >= period.first,
            ChannelVisitorDay.day <= period.last,
            ChannelVisitorDay.previous_day < period.first,
        )
        .group_by(ChannelVisitorDay.channel)
    )
    return {channel: int(count) for channel, count in rows}


def distinct_visitors(period: Period, now: datetime | None = None) -> int:
    """Visitors with a session that started in ``period``."""
    return visitors_by_channel(ANY, period, now).get(ALL_CHANNELS, 0)


def ensure_days(period: Period, now: datetime) -> None:
    """Count the period's days (up to today) that are not, or not lately; commits if any."""
    last = min(period.last, now.date())
    if last < period.first:
        return
    counted = counted_days(ROLLUP, Period(period.first, last))
    days = Period(period.first, last).dates()
    closed = [day for day in days if day not in counted and _closed(day, now)]
    for first, run_last in day_runs(closed):
        _count_closed_days(first, run_last)
    open_ = [day for day in days if day not in closed and _behind(day, counted.get(day), now)]
    count_cache(ROLLUP, hit=True, lookups=len(days) - len(closed) - len(open_))
    count_cache(ROLLUP, hit=False, lookups=len(closed) + len(open_))
    for day in open_:
        since = _start(day) if counted.get(day) is None else counted[day] - MARGIN
        count_sessions_since(day, since)
        if _closed(day, now):
            db.session.execute(delete(ChannelVisitorPair).where(ChannelVisitorPair.day == day))
    if closed or open_:
        mark_days(ROLLUP, [*closed, *open_], now)
        db.session.commit()


def forget_days(since: date) -> None:
    """Have the days from ``since`` on counted again (after sessions were loaded into them)."""
    forget_rollup_days(ROLLUP, since, ChannelVisitorDay, ChannelVisitorPair)


def _start(day: date) -> datetime:
    return Period(day, day).start


def _closed(day: date, now: datetime) -> bool:
    """Whether every session of ``day`` is in the database (the day is over, and then some)."""
    return now >= _start(day + timedelta(days=1)) + MARGIN


def _behind(day: date, counted_until: datetime | None, now: datetime) -> bool:
    """Whether a day not counted in one go needs its newer sessions counted."""
    if counted_until is None:
        return True
    if counted_until >= _start(day + timedelta(days=1)) + MARGIN:
        return False  # final
    return _closed(day, now) or now - counted_until >= REFRESH


def _count_closed_days(first: date, last: date) -> None:
    """Replace the roll-up rows of the closed days ``first`` to ``last``."""
    db.session.execute(
        delete(ChannelVisitorDay).where(ChannelVisitorDay.day >= first, ChannelVisitorDay.day <= last)
    )
    for grouping in (*GROUPINGS, ANY):
        db.session.execute(_rows_of_days(grouping, first, last))


def _rows_of_days(grouping: str, first: date, last: date):
    """INSERT ... SELECT of the roll-up rows of ``grouping`` for the days ``first`` to ``last``.

    The (visitor, channel, day) pairs of sessions in those days; a pair's previous day is the one
    before it in those days (a window function), else the visitor's last day with the channel
    before ``first``, looked up only for visitors first seen before ``first``
    (``visitors.created_at`` is a visitor's first visit): after a bulk load of new visitors,
    none are.
    """
    days = Period(first, last)
    start, end = days.start, days.end
    pairs = (
        select(
            VisitSession.visitor_id,
            session_channel(grouping, VisitSession).label("channel"),
            func.date(VisitSession.started_at, type_=Date).label("day"),
        )
        .where(VisitSession.started_at >= start, VisitSession.started_at < end)
        .distinct()
        .subquery()
    )
    before_first = last_day_before(grouping, pairs.c.visitor_id, pairs.c.channel, start)
    previous = func.coalesce(
        func.lag(pairs.c.day).over(partition_by=(pairs.c.visitor_id, pairs.c.channel), order_by=pairs.c.day),
        case((Visitor.created_at < start, before_first)),
        literal(NO_PREVIOUS_DAY, Date),
    )
    lagged = (
        select(pairs.c.channel, pairs.c.day, previous.label("previous_day"))
        .join(Visitor, Visitor.id == pairs.c.visitor_id)
        .subquery()
    )
    counted = select(literal(grouping), lagged.c.channel, lagged.c.day, lagged.c.previous_day, func.count())
    counted = counted.group_by(lagged.c.channel, lagged.c.day, lagged.c.previous_day)
    columns = ("grouping", "channel", "day", "previous_day", "visitors")
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE in the SELECT.
    statement = dialect_insert(ChannelVisitorDay).from_select(columns, counted.where(true()))
    # A report computing the same day at the same moment wrote it already: keep the newer count.
    return statement.on_conflict_do_update(
        index_elements=["grouping", "day", "channel", "previous_day"],
        set_={"visitors": statement.excluded.visitors},
    )
