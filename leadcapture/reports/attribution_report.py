"""The attribution report: per channel, the visitors of a period, and the leads and bookings of
that period credited to the channel under a model, with conversion rate and average score.

The queries live here; how credit is split is ``attribution`` (pure). A lead's touches are the
sessions of all its visitors that started at or before the lead was created; a booking's, the
sessions of its lead's visitors (or of its own visitor) that started at or before the booking,
with the lead-conversion touch the last of them that started at or before the lead was created.
Touches before the period count: the period picks the conversions, not the touches.
"""

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import groupby
from math import isfinite
from operator import itemgetter

from sqlalchemy import and_, distinct, func, select, union

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, LeadVisitor, VisitSession
from leadcapture.reports.attribution import (
    DEFAULT_HALF_LIFE_DAYS,
    DEFAULT_MODEL,
    MODELS,
    Conversion,
    Credit,
    total_credit,
)
from leadcapture.reports.channels import DEFAULT_GROUPING, GROUPINGS, channel_of
from leadcapture.reports.period import Period, period_from_args

MAX_HALF_LIFE_DAYS = 365


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
    leads = total_credit(query.model, lead_conversions(grouping, period), query.half_life_days)
    bookings = total_credit(query.model, booking_conversions(grouping, period), query.half_life_days)
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
    return AttributionReport(query, rows, _total(period, leads, bookings))


def _total(period: Period, leads: dict[str, Credit], bookings: dict[str, Credit]) -> ChannelRow:
    lead_count = sum(credit.conversions for credit in leads.values())
    score = sum(credit.weighted_score for credit in leads.values())
    return ChannelRow(
        "Total",
        distinct_visitors(period),
        round(lead_count),
        round(sum(credit.conversions for credit in bookings.values())),
        score / lead_count if lead_count else None,
    )


def _in(column, period: Period):
    return and_(column >= period.start, column < period.end)


def visitors_by_channel(grouping: str, period: Period) -> dict[str, int]:
    """Distinct visitors with a session from each channel that started in the period."""
    channel = channel_of(grouping)
    query = (
        select(channel, func.count(distinct(VisitSession.visitor_id)))
        .where(_in(VisitSession.started_at, period))
        .group_by(channel)
    )
    return dict(db.session.execute(query).all())


def distinct_visitors(period: Period) -> int:
    """Visitors with a session that started in the period."""
    query = select(func.count(distinct(VisitSession.visitor_id))).where(_in(VisitSession.started_at, period))
    return db.session.scalar(query)


def lead_conversions(grouping: str, period: Period) -> Iterator[Conversion]:
    """The leads created in the period with their touches; the last touch is the converting one."""
    query = (
        select(Lead.id, Lead.created_at, Lead.score, VisitSession.started_at, channel_of(grouping))
        .select_from(Lead)
        .outerjoin(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .outerjoin(
            VisitSession,
            and_(
                VisitSession.visitor_id == LeadVisitor.visitor_id, VisitSession.started_at <= Lead.created_at
            ),
        )
        .where(_in(Lead.created_at, period))
        .order_by(Lead.id, VisitSession.started_at, VisitSession.id)
    )
    for (_id, created_at, score, *_touch), touched_at, channels in _journeys(query):
        yield Conversion(
            channels,
            touched_at,
            converted_at=created_at,
            lead_touch=len(channels) - 1 if channels else None,
            score=score,
        )


def booking_conversions(grouping: str, period: Period) -> Iterator[Conversion]:
    """The bookings made in the period with their touches (their lead's visitors', or their own
    visitor's), the booking touch last and the lead's converting touch marked."""
    booked = _in(Booking.created_at, period)
    visitors = union(
        select(Booking.id.label("booking_id"), LeadVisitor.visitor_id)
        .join(LeadVisitor, LeadVisitor.lead_id == Booking.lead_id)
        .where(booked),
        select(Booking.id, Booking.visitor_id).where(booked, Booking.visitor_id.is_not(None)),
    ).subquery()
    query = (
        select(Booking.id, Booking.created_at, Lead.created_at, VisitSession.started_at, channel_of(grouping))
        .select_from(Booking)
        .outerjoin(Lead, Lead.id == Booking.lead_id)
        .outerjoin(visitors, visitors.c.booking_id == Booking.id)
        .outerjoin(
            VisitSession,
            and_(
                VisitSession.visitor_id == visitors.c.visitor_id,
                VisitSession.started_at <= Booking.created_at,
            ),
        )
        .where(booked)
        .order_by(Booking.id, VisitSession.started_at, VisitSession.id)
    )
    for (_id, booked_at, lead_at, *_touch), touched_at, channels in _journeys(query):
        lead_touch = bisect_right(touched_at, lead_at) - 1 if lead_at is not None else -1
        yield Conversion(
            channels,
            touched_at,
            converted_at=booked_at,
            lead_touch=lead_touch if lead_touch >= 0 else None,
            booking_touch=len(channels) - 1 if channels else None,
        )


def _journeys(query) -> Iterator[tuple[tuple, tuple, tuple]]:
    """For rows ``(id, ..., touch start, channel)`` ordered by id and touch (the touch columns
    null when there is none): per id, its first row, its touch start times and its channels."""
    for _id, rows in groupby(db.session.execute(query), key=itemgetter(0)):
        rows = list(rows)
        touches = [row[-2:] for row in rows if row[-2] is not None]
        yield rows[0], tuple(at for at, _channel in touches), tuple(channel for _at, channel in touches)
