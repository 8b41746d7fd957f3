"""Weekly retention cohorts: a triangle of cohort rows (the week of the first visit, or the
campaign of the first session) by weeks since the first visit, from ``RetentionDay``.

The cohorts are the weeks (Monday to Sunday, UTC) that start in the chosen period; a cohort's week
``k`` counts its visitors with a session in the k-th week after its first, up to the period's
last week (and this week). A campaign row adds up the cohorts of the period that first came with
that campaign; its week ``k`` covers only the cohorts old enough to have one.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import RetentionDay
from leadcapture.models.types import utcnow
from leadcapture.reports.analytics.retention_days import NONE, RETENTION_DAYS, monday
from leadcapture.reports.day_rollups import ensure_days
from leadcapture.reports.list_args import choice
from leadcapture.reports.period import Period, period_from_args

GROUPINGS = {"week": "Week of the first visit", "campaign": "Campaign of the first visit"}
NOT_SET = "(not set)"
MAX_WEEKS = 53
DEFAULT_DAYS = 84
HEAT_LEVELS = 10


@dataclass(frozen=True)
class Cell:
    visitors: int
    percent: float | None

    @property
    def heat(self) -> int:
        """0-9: the tenth of the cohort this cell holds (its ``heat-N`` CSS class)."""
        return min(HEAT_LEVELS - 1, int((self.percent or 0) // HEAT_LEVELS))


@dataclass(frozen=True)
class CohortRow:
    label: str
    visitors: int
    cells: list[Cell]  # week 0, 1, ... as far as this row has weeks


@dataclass(frozen=True)
class Retention:
    period: Period
    grouping: str
    weeks: int  # columns
    rows: list[CohortRow]

    def as_args(self) -> dict[str, str]:
        return {"by": self.grouping, **self.period.as_args()}


def retention_args(args) -> tuple[Period, str]:
    """The period and grouping in ``args``; InputError names a bad one."""
    period = period_from_args(args, DEFAULT_DAYS)
    grouping = choice(args, "by", tuple(GROUPINGS), "week")
    if (monday(period.last) - monday(period.first)).days // 7 >= MAX_WEEKS:
        raise InputError({"from": f"a retention table covers at most {MAX_WEEKS} weeks"})
    return period, grouping


def retention(period: Period, grouping: str, now: datetime | None = None) -> Retention:
    """The cohorts of ``period`` by ``grouping`` (``week`` or ``campaign``)."""
    now = now or utcnow()
    first, last = monday(period.first), min(monday(period.last), monday(now.date()))
    weeks = max(0, (last - first).days // 7 + 1)
    ensure_days(RETENTION_DAYS, Period(first, last + timedelta(days=6)), now)
    counts = _counts(first, last)
    cohorts = [first + timedelta(weeks=number) for number in range(weeks)]
    rows = _week_rows(cohorts, last, counts) if grouping == "week" else _campaign_rows(cohorts, last, counts)
    return Retention(period, grouping, weeks, rows)


def _counts(first: date, last: date) -> dict[tuple[date, str, int], int]:
    """Visitors by (cohort week, first campaign, weeks since)."""
    query = (
        select(
            RetentionDay.cohort_week,
            RetentionDay.first_campaign,
            RetentionDay.week,
            func.sum(RetentionDay.visitors),
        )
        .where(RetentionDay.cohort_week >= first, RetentionDay.cohort_week <= last, RetentionDay.week <= last)
        .group_by(RetentionDay.cohort_week, RetentionDay.first_campaign, RetentionDay.week)
    )
    counts = {}
    for cohort, campaign, week, visitors in db.session.execute(query):
        if week >= cohort:
            counts[(cohort, campaign, (week - cohort).days // 7)] = int(visitors)
    return counts


def _row(label: str, sizes: list[int], actives: list[int]) -> CohortRow:
    cells = [
        Cell(active, 100 * active / size if size else None)
        for active, size in zip(actives, sizes, strict=True)
    ]
    return CohortRow(label, sizes[0] if sizes else 0, cells)


def _week_rows(cohorts: list[date], last: date, counts: dict) -> list[CohortRow]:
    campaigns = {campaign for _cohort, campaign, _k in counts}
    rows = []
    for cohort in cohorts:
        ahead = (last - cohort).days // 7 + 1
        actives = [sum(counts.get((cohort, campaign, k), 0) for campaign in campaigns) for k in range(ahead)]
        rows.append(_row(cohort.isoformat(), [actives[0]] * ahead, actives))
    return rows


def _campaign_rows(cohorts: list[date], last: date, counts: dict) -> list[CohortRow]:
    rows = []
    for campaign in sorted({campaign for _cohort, campaign, _k in counts}):
        sizes, actives = [], []
        for k in range(len(cohorts)):
            old_enough = [cohort for cohort in cohorts if cohort + timedelta(weeks=k) <= last]
            sizes.append(sum(counts.get((cohort, campaign, 0), 0) for cohort in old_enough))
            actives.append(sum(counts.get((cohort, campaign, k), 0) for cohort in old_enough))
        rows.append(_row(campaign if campaign != NONE else NOT_SET, sizes, actives))
    return [row for row in rows if row.visitors]


HEADER = ("cohort", "visitors", "weeks_since", "active_visitors", "percent")


def csv_rows(report: Retention):
    """One CSV row per cell of the page's triangle."""
    for row in report.rows:
        for weeks, cell in enumerate(row.cells):
            percent = None if cell.percent is None else round(cell.percent, 1)
            yield (row.label, row.visitors, weeks, cell.visitors, percent)
