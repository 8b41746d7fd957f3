"""What the weekly report's sections read, for a week and the week before, each part computed the
first time a section asks for it (a report without the comments fits no themes).

The dashboard's figures (``reports.dashboard``) and the feedback report's (``feedback_report``)
are taken as they are, so the report and those pages agree for the same dates. What they do not
break down is counted here over the same rows and times: sessions by when they started, tool uses,
leads and consent answers by when they were made, in whole UTC days.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Generic, TypeVar

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Interaction, Lead, TrackingConsent, VisitSession
from leadcapture.reports.dashboard import Dashboard, dashboard
from leadcapture.reports.feedback_days import feedback_groups
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.feedback_report import FeedbackReport, feedback_report
from leadcapture.reports.feedback_tally import Tally
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.week import week_of

TREND_WEEKS = 8
T = TypeVar("T")


@dataclass(frozen=True)
class Pair(Generic[T]):
    """A figure's value this week and the week before."""

    this: T
    last: T


class WeekFigures:
    def __init__(self, week: Period, now: datetime):
        self.week = week
        self.previous = week.previous()
        self.now = now

    def _both(self, count) -> Pair:
        return Pair(count(self.week), count(self.previous))

    @cached_property
    def board(self) -> Dashboard:
        """The dashboard for the week (its ``previous`` is the week before)."""
        return dashboard(self.week)

    @cached_property
    def feedback(self) -> Pair[FeedbackReport]:
        return self._both(lambda period: feedback_report(FeedbackFilters(period), self.now))

    @cached_property
    def sessions(self) -> Pair[dict[str, tuple[int, int]]]:
        """Sessions started, by engagement level: (sessions, their active seconds)."""
        level = VisitSession.engagement_level
        return self._both(
            lambda period: grouped(
                level, VisitSession.started_at, period, func.count(), func.sum(VisitSession.active_seconds)
            )
        )

    @cached_property
    def tool_uses(self) -> Pair[dict[str, tuple[int]]]:
        return self._both(
            lambda period: grouped(Interaction.tool, Interaction.created_at, period, func.count())
        )

    @cached_property
    def lead_levels(self) -> Pair[dict[str, tuple[int]]]:
        return self._both(
            lambda period: grouped(Lead.engagement_level, Lead.created_at, period, func.count())
        )

    @cached_property
    def lead_campaigns(self) -> Pair[dict[str | None, tuple[int]]]:
        """New leads by their first touch's campaign (None: not set)."""
        return self._both(
            lambda period: grouped(Lead.first_utm_campaign, Lead.created_at, period, func.count())
        )

    @cached_property
    def marketing_consent(self) -> Pair[dict[bool, tuple[int]]]:
        """New leads by whether they opted in to marketing email."""
        return self._both(
            lambda period: grouped(Lead.consent_marketing, Lead.created_at, period, func.count())
        )

    @cached_property
    def tracking_consent(self) -> Pair[dict[bool, tuple[int]]]:
        """The consent banner's answers by whether they allowed analytics."""
        return self._both(
            lambda period: grouped(
                TrackingConsent.analytics, TrackingConsent.created_at, period, func.count()
            )
        )

    @cached_property
    def rating_trend(self) -> list[tuple[date, Tally]]:
        """The feedback of each of the last ``TREND_WEEKS`` weeks, by its Monday, oldest first."""
        weeks = Period(self.week.first - timedelta(weeks=TREND_WEEKS - 1), self.week.last)
        by_week = defaultdict(Tally)
        for (day, *_keys), tally in feedback_groups(FeedbackFilters(weeks), self.now):
            by_week[week_of(day).first] += tally
        return [(part.first, by_week[part.first]) for part in weeks.parts(7)]


def grouped(column, created, period: Period, *aggregates) -> dict:
    """The ``aggregates`` of the rows ``created`` in ``period``, by ``column``'s value."""
    rows = db.session.execute(
        select(column, *aggregates).where(created >= period.start, created < period.end).group_by(column)
    )
    return {key: tuple(int(value or 0) for value in values) for key, *values in rows}


def count_of(counts: Pair[dict], key) -> tuple[int, int]:
    """This week's and last week's count under ``key`` of ``grouped`` counts."""
    return counts.this.get(key, (0,))[0], counts.last.get(key, (0,))[0]


def total(counts: dict) -> int:
    """All of one week's ``grouped`` counts."""
    return sum(values[0] for values in counts.values())


def share(counts: Pair[dict], *keys) -> tuple[float | None, float | None]:
    """The percentage of each week's counted rows that are under one of ``keys``."""
    return tuple(
        percent(sum(part.get(key, (0,))[0] for key in keys), total(part))
        for part in (counts.this, counts.last)
    )


def percent(part: int, whole: int) -> float | None:
    return 100 * part / whole if whole else None
