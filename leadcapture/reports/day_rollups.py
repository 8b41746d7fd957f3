"""Daily roll-ups that a report computes when it first needs a day (the feedback report's).

A day's rows are replaced in one grouped INSERT ... SELECT, and ``RollupDay`` says when. A day
computed ``settle`` after its end is final (its rows no longer change). Until then a view counts it
again once its count is older than ``REFRESH`` or, for a count taken after the day ended, than a
``TRUSTED_SHARE`` of how long after: today's activity shows within a minute for the cost of one
day's rows, and a day of last week is counted again a few times a day, not every minute.
``forget_rollup_days`` drops the days a bulk load wrote into.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select

from leadcapture.extensions import db
from leadcapture.models import RollupDay
from leadcapture.models.upsert import dialect_insert
from leadcapture.ops.metrics import count_cache
from leadcapture.reports.period import Period

REFRESH = timedelta(minutes=1)
TRUSTED_SHARE = 0.1


@dataclass(frozen=True)
class DayRollup:
    name: str  # its ``RollupDay.rollup``
    model: type  # its table (a ``day`` column)
    settle: timedelta  # how long after a day ends its rows may still change
    recount: Callable[[Period], None]  # replace the rows of these days (no commit)


def ensure_days(rollup: DayRollup, period: Period, now: datetime) -> None:
    """Count the period's days (up to today) not counted, or not lately and not final; commits
    if it counted any."""
    last = min(period.last, now.date())
    if last < period.first:
        return
    counted = counted_days(rollup.name, Period(period.first, last))
    days = Period(period.first, last).dates()
    stale = [day for day in days if _stale(rollup, day, counted.get(day), now)]
    count_cache(rollup.name, hit=True, lookups=len(days) - len(stale))
    count_cache(rollup.name, hit=False, lookups=len(stale))
    if not stale:
        return
    for first, run_last in day_runs(stale):
        rollup.recount(Period(first, run_last))
    mark_days(rollup.name, stale, now)
    db.session.commit()


def counted_days(name: str, days: Period) -> dict[date, datetime]:
    """When the roll-up ``name`` last counted each of ``days`` it has counted."""
    query = select(RollupDay.day, RollupDay.computed_at).where(
        RollupDay.rollup == name, RollupDay.day >= days.first, RollupDay.day <= days.last
    )
    return dict(db.session.execute(query).all())


def forget_rollup_days(name: str, since: date, *tables: type) -> None:
    """Have the roll-up ``name`` count the days from ``since`` on again (rows were loaded into
    them), dropping its ``tables``' rows of those days (each has a ``day`` column); no commit."""
    db.session.execute(delete(RollupDay).where(RollupDay.rollup == name, RollupDay.day >= since))
    for table in tables:
        db.session.execute(delete(table).where(table.day >= since))


def day_runs(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs."""
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and runs[-1][1] == day - timedelta(days=1):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def mark_days(name: str, days: list[date], now: datetime) -> None:
    """Record that the roll-up ``name`` counted ``days`` at ``now``."""
    statement = dialect_insert(RollupDay)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["rollup", "day"], set_={"computed_at": statement.excluded.computed_at}
        ),
        [{"rollup": name, "day": day, "computed_at": now} for day in days],
    )


def _stale(rollup: DayRollup, day: date, computed_at: datetime | None, now: datetime) -> bool:
    if computed_at is None:
        return True
    end = Period(day, day).end
    if computed_at >= end + rollup.settle:
        return False  # final
    return now - computed_at >= max(REFRESH, (computed_at - end) * TRUSTED_SHARE)
