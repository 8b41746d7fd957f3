"""Reading the roll-ups: distinct visitors per funnel step, visitors and activity per day."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from leadcapture.extensions import db
from leadcapture.models import DailyActivity, FilterValue, FunnelRollup
from leadcapture.rollups.funnel_rows import ANY, STEPS
from leadcapture.rollups.refresh import FILTER_DIMENSIONS


@dataclass(frozen=True)
class FunnelFilters:
    """The funnel's filters; ANY ('') leaves a dimension unfiltered."""

    tool: str = ANY
    campaign: str = ANY
    source: str = ANY
    device: str = ANY


def step_counts(
    first: date, last: date, filters: FunnelFilters = FunnelFilters(), steps: int = len(STEPS)
) -> list[int]:
    """Distinct visitors reaching each of the first ``steps`` funnel steps (see ``funnel_rows``)
    in the days first..last."""
    rows = FunnelRollup
    # Step 1 is stored under "any tool" only; each branch is one range of the primary key.
    later = list(range(2, steps + 1))
    tool = and_(rows.tool == ANY, rows.step == 1)
    if later:
        tool = or_(tool, and_(rows.tool == filters.tool, rows.step.in_(later)))
    counts = dict(
        db.session.execute(
            select(rows.step, func.sum(rows.visitors))
            .where(
                rows.campaign == filters.campaign,
                rows.source == filters.source,
                rows.device == filters.device,
                tool,
                rows.hi >= first,
                rows.lo < first,
                rows.r <= last,
            )
            .group_by(rows.step)
        ).all()
    )
    return [int(counts.get(step, 0)) for step in range(1, steps + 1)]


def visitors(first: date, last: date) -> int:
    """Distinct visitors with a session started in the days first..last."""
    return step_counts(first, last, steps=1)[0]


def daily_visitors(first: date, last: date) -> dict[date, int]:
    """Distinct visitors with a session started on each day (days without any are left out)."""
    rows = FunnelRollup
    # A step-1 row counts on day d (a = b = d) only when hi = r = d.
    return dict(
        db.session.execute(
            select(rows.hi, func.sum(rows.visitors))
            .where(
                rows.step == 1,
                rows.campaign == ANY,
                rows.source == ANY,
                rows.device == ANY,
                rows.tool == ANY,
                rows.hi.between(first, last),
            )
            .group_by(rows.hi)
        ).all()
    )


def daily_activity(first: date, last: date) -> dict[date, DailyActivity]:
    """Sessions started and tools used on each day (days without any are left out)."""
    found = db.session.scalars(select(DailyActivity).where(DailyActivity.day.between(first, last)))
    return {row.day: row for row in found}


def filter_values() -> dict[str, list[str]]:
    """Every campaign, source and device seen in a session, sorted, by dimension."""
    values: dict[str, list[str]] = {dimension: [] for dimension in FILTER_DIMENSIONS}
    for dimension, value in db.session.execute(
        select(FilterValue.dimension, FilterValue.value).order_by(FilterValue.dimension, FilterValue.value)
    ):
        values[dimension].append(value)
    return values
