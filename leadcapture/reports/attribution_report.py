"""The attribution report: per channel, the visitors of a period, and the leads and bookings of
that period credited to the channel under a model, with conversion rate and average score.

Visitors come from a daily roll-up (``visitor_days``), the conversions' touches from kept
journeys (``journeys``), how credit is split from the models (``attribution``, pure). Touches
before the period count: the period picks the conversions, not the touches.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from math import isfinite

from leadcapture.errors import InputError
from leadcapture.reports.attribution import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_MODEL,
    MODELS,
    Credit,
    total_credit,
)
from leadcapture.reports.channels import DEFAULT_GROUPING, GROUPINGS
from leadcapture.reports.journey_store import store_booking_journeys, store_lead_journeys
from leadcapture.reports.journeys import (
    booking_decay_credit,
    booking_journeys,
    lead_decay_credit,
    lead_journeys,
)
from leadcapture.reports.period import Period, period_from_args
from leadcapture.reports.visitor_days import distinct_visitors, ensure_days, visitors_by_channel

MAX_HALF_LIFE_DAYS = 365
# prepare_attribution's step: after a bulk load of weeks, each shows on the progress bar.
PREPARE_DAYS = 7


@dataclass(frozen=True)
class AttributionQuery:
    """What the report shows: a model (and half-life for time decay), a grouping, a period."""

    model: str
    grouping: str
    half_life_days: float
    period: Period

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that give this query back (for the CSV link)."""
        args = {"model": self.model, "group": self.grouping, **self.period.as_args()}
        if self.model == "time_decay":
            args["half_life"] = f"{self.half_life_days:g}"
        return args


@dataclass(frozen=True)
class ChannelRow:
    """One channel's line: visitors, credited leads and bookings, and the leads' average score."""

    channel: str
    visitors: int
    leads: float
    bookings: float
    average_score: float | None

    @property
    def conversion_rate(self) -> float | None:
        """Credited leads per visitor of the period (None without visitors)."""
        return self.leads / self.visitors if self.visitors else None


@dataclass(frozen=True)
class AttributionReport:
    query: AttributionQuery
    rows: list[ChannelRow]
    total: ChannelRow  # distinct visitors of the period, every lead and booking, their mean score


def query_from_args(args: Mapping[str, str]) -> AttributionQuery:
    """The report's settings from a query string; InputError names each bad one."""
    errors: dict[str, str] = {}
    model = args.get("model") or DEFAULT_MODEL
    if model not in MODELS:
        errors["model"] = f"must be one of {', '.join(MODELS)}"
    grouping = args.get("group") or DEFAULT_GROUPING
    if grouping not in GROUPINGS:
        errors["group"] = f"must be one of {', '.join(GROUPINGS)}"
    half_life = _half_life(args.get("half_life") or "", errors)
    if errors:
        raise InputError(errors)
    return AttributionQuery(model, grouping, half_life, period_from_args(args))


def _half_life(value: str, errors: dict[str, str]) -> float:
    if not value:
        return DEFAULT_HALF_LIFE_DAYS
    try:
        days = float(value)
    except ValueError:
        days = float("nan")
    if not isfinite(days) or not 0 < days <= MAX_HALF_LIFE_DAYS:
        errors["half_life"] = f"must be a number of days above 0 and at most {MAX_HALF_LIFE_DAYS}"
    return days


def attribution_report(query: AttributionQuery) -> AttributionReport:
    """Every channel with visitors or credit in the period, most credited leads first."""
    period, grouping = query.period, query.grouping
    visitors = visitors_by_channel(grouping, period)
    leads = _credit(query, lead_journeys, lead_decay_credit)
    bookings = _credit(query, booking_journeys, booking_decay_credit)
    rows = [
        ChannelRow(
            channel,
            visitors.get(channel, 0),
            leads.get(channel, Credit()).conversions,
            bookings.get(channel, Credit()).conversions,
            leads.get(channel, Credit()).average_score,
        )
        for channel in visitors.keys() | leads.keys() | bookings.keys()
    ]
    rows.sort(key=lambda row: (-row.leads, -row.bookings, -row.visitors, row.channel))
    # Every conversion's credit sums to 1, so credits add up to the number of conversions.
    lead_count = round(sum(credit.conversions for credit in leads.values()))
    total = ChannelRow(
        "Total",
        distinct_visitors(period),
        lead_count,
        round(sum(credit.conversions for credit in bookings.values())),
        sum(credit.weighted_score for credit in leads.values()) / lead_count if lead_count else None,
    )
    return AttributionReport(query, rows, total)


def _credit(query: AttributionQuery, journeys, decay_credit) -> dict[str, Credit]:
    """Credit per channel of the leads' or bookings' journeys under the query's model; time
    decay sums the journeys of more than one touch in the database."""
    if query.model != "time_decay":
        return total_credit(query.model, journeys(query.grouping, query.period))
    single = total_credit(query.model, journeys(query.grouping, query.period, single_touch=True))
    several = decay_credit(query.grouping, query.period, query.half_life_days)
    return {
        channel: Credit(
            single.get(channel, Credit()).conversions + several.get(channel, Credit()).conversions,
            single.get(channel, Credit()).weighted_score + several.get(channel, Credit()).weighted_score,
        )
        for channel in single.keys() | several.keys()
    }


def prepare_attribution(period: Period, now: datetime, progress: Callable[[int], None] | None = None) -> None:
    """Count the period's visitor days and keep its conversions' journeys now (after a bulk load,
    and every minute in the worker), so that a report over it does not; commits. With
    ``progress``, a week at a time, called with each week's days."""
    for part in period.parts(PREPARE_DAYS) if progress else [period]:
        ensure_days(part, now)
        store_lead_journeys(part)
        store_booking_journeys(part)
        if progress:
            progress(part.days)
