"""The feedback report: the filtered feedback's figures, a daily series of the average rating and the
response rate, and tables by tool, campaign, engagement level and organisation.

Feedback is counted by when it was given, in whole UTC days of the period. The period's feedback
by day, tool, campaign and engagement level (``feedback_days``: a few thousand rows for 100k
feedback) gives the figures, the series and those tables; the organisations are a second query,
the largest first. The response rate is the share of the feedback prompts shown in the period that were
answered, and prompt performance follows each type's prompts (``prompt_days``): prompts know their
engagement level but not a campaign or organisation, so the tool, campaign and organisation
filters narrow neither.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from leadcapture.cta.registry import TOOLS
from leadcapture.engagement import ENGAGEMENT_LEVELS
from leadcapture.extensions import db
from leadcapture.models import Feedback
from leadcapture.models.types import utcnow
from leadcapture.reports.feedback_days import feedback_groups
from leadcapture.reports.feedback_filters import NOT_SET, FeedbackFilters
from leadcapture.reports.feedback_response import Responses, responses_of
from leadcapture.reports.feedback_tally import Tally, tally, tally_columns, total
from leadcapture.reports.prompt_days import prompt_days
from leadcapture.reports.prompt_performance import PromptPerformance, performance_of

TOP_ORGANISATIONS = 20


@dataclass(frozen=True)
class Row:
    """One line of a table: the value it groups by (None: not set), its label, its feedback."""

    value: str | None
    label: str
    tally: Tally
    response_rate: float | None = None

    @property
    def filter_value(self) -> str:
        return NOT_SET if self.value is None else self.value


@dataclass(frozen=True)
class FeedbackReport:
    filters: FeedbackFilters
    total: Tally
    daily: list[tuple[date, Tally]]
    responses: Responses
    prompts: list[PromptPerformance]  # the period's, every type (the filters do not narrow them)
    by_tool: list[Row]
    by_campaign: list[Row]
    by_level: list[Row]
    by_organisation: list[Row]  # the largest ``TOP_ORGANISATIONS``
    more_organisations: bool


def feedback_report(filters: FeedbackFilters, now: datetime | None = None) -> FeedbackReport:
    """The report on the feedback ``filters`` choose (counting the days of the roll-ups it needs
    first; commits then)."""
    now = now or utcnow()
    groups = feedback_groups(filters, now)
    days = prompt_days(filters.period, now)
    answered = responses_of(days)
    organisations = _organisations(filters)
    by_day = _summed(groups, 0)
    return FeedbackReport(
        filters=filters,
        total=total(part for _key, part in groups),
        daily=[(one_day, by_day.get(one_day, Tally())) for one_day in filters.period.dates()],
        responses=answered,
        prompts=performance_of(days),
        by_tool=_rows(_summed(groups, 1), _tool_label),
        by_campaign=_rows(_summed(groups, 2), str),
        by_level=_level_rows(_summed(groups, 3), answered),
        by_organisation=organisations[:TOP_ORGANISATIONS],
        more_organisations=len(organisations) > TOP_ORGANISATIONS,
    )


def _summed(groups, position: int) -> dict:
    sums = defaultdict(Tally)
    for key, part in groups:
        sums[key[position]] += part
    return sums


def _rows(sums: dict, label: Callable[[str], str]) -> list[Row]:
    """A table's rows, the most feedback first; "(not set)" last."""
    rows = [Row(value, label(value), part) for value, part in sums.items() if value is not None]
    rows.sort(key=lambda row: (-row.tally.count, row.label))
    if None in sums:
        rows.append(Row(None, NOT_SET, sums[None]))
    return rows


def _level_rows(sums: dict, answered: Responses) -> list[Row]:
    """One row per engagement level, in the levels' order, with the level's response rate."""
    levels = [*ENGAGEMENT_LEVELS, *sorted(set(sums) - set(ENGAGEMENT_LEVELS) - {None})]
    rows = [
        Row(level, level.replace("_", " "), sums.get(level, Tally()), answered.rate(level))
        for level in levels
    ]
    if None in sums:
        rows.append(Row(None, NOT_SET, sums[None]))
    return rows


def _tool_label(tool: str) -> str:
    info = TOOLS.get(tool)
    return info.title if info else tool


def _organisations(filters: FeedbackFilters) -> list[Row]:
    """The organisations with the most feedback (one more than shown: is there more?)."""
    key = Feedback.organisation_key
    query = (
        select(key, func.max(Feedback.organisation), *tally_columns())
        .where(*filters.segment(), key.is_not(None))
        .group_by(key)
        .order_by(func.count().desc(), key)
        .limit(TOP_ORGANISATIONS + 1)
    )
    return [Row(row[0], row[1] or row[0], tally(row)) for row in db.session.execute(query)]
