"""Distinct visitors per channel over any run of days, from a daily roll-up (``ChannelVisitorDay``).

Counting distinct visitors over a month of sessions takes seconds at a million sessions; the
roll-up keeps, per channel and day, how many visitors came and when each had last come from that
channel, which gives exact distinct counts for any period of whole days from a few thousand rows.

A day is computed the first time a report needs it and kept. A day computed after it ended is
final (sessions only ever start now); today's, and a day computed while it was today, is
recomputed when a report needs it and it is older than ``REFRESH``, so today's visitors show up
within a minute. ``forget_days`` drops the days a bulk load (``flask demo-data``) wrote into.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, delete, func, literal, literal_column, select

from leadcapture.extensions import db
from leadcapture.models import NO_PREVIOUS_DAY, ChannelVisitorDay, RollupDay, VisitSession
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.channels import GROUPINGS, channel_of
from leadcapture.reports.period import Period

ROLLUP = "channel_visitors"
REFRESH = timedelta(minutes=1)
ANY = "any"  # the grouping of all sessions, under one channel: distinct visitors overall
ALL_CHANNELS = "(all)"


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
    """Compute the period's days (up to today) that are missing or out of date; commits if any."""
    last = min(period.last, now.date())
    if last < period.first:
        return
    computed = dict(
        db.session.execute(
            select(RollupDay.day, RollupDay.computed_at).where(
                RollupDay.rollup == ROLLUP, RollupDay.day >= period.first, RollupDay.day <= last
            )
        ).all()
    )
    stale = [day for day in Period(period.first, last).dates() if not _fresh(day, computed.get(day), now)]
    for first, run_last in _runs(stale):
        _compute(first, run_last, now)
    if stale:
        db.session.commit()


def forget_days(since: date) -> None:
    """Have the days from ``since`` on computed again (after sessions were loaded into them)."""
    db.session.execute(delete(RollupDay).where(RollupDay.rollup == ROLLUP, RollupDay.day >= since))


def _fresh(day: date, computed_at: datetime | None, now: datetime) -> bool:
    if computed_at is None:
        return False
    return computed_at >= datetime.combine(day + timedelta(days=1), time.min) or now - computed_at < REFRESH


def _runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] == day - timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _compute(first: date, last: date, now: datetime) -> None:
    """Replace the roll-up rows of the days ``first`` to ``last`` and mark them computed ``now``."""
    db.session.execute(
        delete(ChannelVisitorDay).where(ChannelVisitorDay.day >= first, ChannelVisitorDay.day <= last)
    )
    for grouping in (*GROUPINGS, ANY):
        db.session.execute(_rows_of_days(grouping, first, last))
    statement = dialect_insert(RollupDay)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["rollup", "day"], set_={"computed_at": statement.excluded.computed_at}
        ),
        [{"rollup": ROLLUP, "day": day, "computed_at": now} for day in Period(first, last).dates()],
    )


def _rows_of_days(grouping: str, first: date, last: date):
    """INSERT ... SELECT of the roll-up rows of ``grouping`` for the days ``first`` to ``last``:
    the visitors of those days, their (channel, day) pairs up to ``last``, each pair's previous
    day from a window function, counted."""
    start = datetime.combine(first, time.min)
    end = datetime.combine(last + timedelta(days=1), time.min)
    channel = literal_column(f"'{ALL_CHANNELS}'") if grouping == ANY else channel_of(grouping)
    active = (
        select(VisitSession.visitor_id)
        .where(VisitSession.started_at >= start, VisitSession.started_at < end)
        .distinct()
        .subquery()
    )
    pairs = (
        select(
            VisitSession.visitor_id,
            channel.label("channel"),
            func.date(VisitSession.started_at, type_=Date).label("day"),
        )
        .join(active, active.c.visitor_id == VisitSession.visitor_id)
        .where(VisitSession.started_at < end)
        .distinct()
        .subquery()
    )
    previous = func.lag(pairs.c.day).over(
        partition_by=(pairs.c.visitor_id, pairs.c.channel), order_by=pairs.c.day
    )
    lagged = select(pairs.c.channel, pairs.c.day, previous.label("previous_day")).subquery()
    counted = (
        select(
            literal(grouping),
            lagged.c.channel,
            lagged.c.day,
            func.coalesce(lagged.c.previous_day, literal(NO_PREVIOUS_DAY, Date)),
            func.count(),
        )
        .where(lagged.c.day >= first)
        .group_by(lagged.c.channel, lagged.c.day, lagged.c.previous_day)
    )
    columns = ("grouping", "channel", "day", "previous_day", "visitors")
    statement = dialect_insert(ChannelVisitorDay).from_select(columns, counted)
    # A report computing the same day at the same moment wrote it already: keep the newer count.
    return statement.on_conflict_do_update(
        index_elements=["grouping", "day", "channel", "previous_day"],
        set_={"visitors": statement.excluded.visitors},
    )
