"""Reading the journeys of a period's conversions, kept by ``journey_store``, so that a report
over 100k leads reads a few thousand rows: grouped by path for the models that only look at
positions, and touch by touch, summed in the database, for time decay.

A journey is stored the first time a report needs it. Journeys do not change afterwards except
when another visitor is linked to the lead (its earlier sessions join the journey) or a booking
gets its lead: a flush listener (``init_app``) drops them then.
"""

import json
from collections.abc import Callable

from flask import Flask
from sqlalchemy import Float, cast, delete, func, inspect, literal, null, or_, select
from sqlalchemy.orm import Session

from leadcapture.extensions import db
from leadcapture.listeners import listen_once
from leadcapture.models import (
    Booking,
    BookingJourney,
    BookingTouch,
    Lead,
    LeadJourney,
    LeadTouch,
    LeadVisitor,
)
from leadcapture.reports.attribution import Conversion, Credit
from leadcapture.reports.journey_store import store_booking_journeys, store_lead_journeys
from leadcapture.reports.period import Period

PATHS = {"source": "sources", "medium": "mediums", "campaign": "campaigns"}


def lead_journeys(grouping: str, period: Period, single_touch: bool = False) -> list[Conversion]:
    """The leads created in ``period`` (``single_touch``: only those with at most one touch), as
    one Conversion per distinct journey (channel path and lead touch) with how many leads took
    it and their scores added up."""
    path = getattr(LeadJourney, PATHS[grouping])
    query = (
        select(path, LeadJourney.lead_touch, null(), func.count(), func.sum(Lead.score))
        .select_from(Lead)
        .outerjoin(LeadJourney, LeadJourney.lead_id == Lead.id)
        .where(Lead.created_at >= period.start, Lead.created_at < period.end)
        .group_by(path, LeadJourney.lead_touch)
    )
    if single_touch:
        query = query.where(_at_most_one_touch(LeadJourney))
    return _conversions(query, lambda: store_lead_journeys(period))


def booking_journeys(grouping: str, period: Period, single_touch: bool = False) -> list[Conversion]:
    """The bookings made in ``period``, as one Conversion per distinct journey (see above)."""
    path = getattr(BookingJourney, PATHS[grouping])
    keys = (path, BookingJourney.lead_touch, BookingJourney.booking_touch)
    query = (
        select(*keys, func.count(), null())
        .select_from(Booking)
        .outerjoin(BookingJourney, BookingJourney.booking_id == Booking.id)
        .where(Booking.created_at >= period.start, Booking.created_at < period.end)
        .group_by(*keys)
    )
    if single_touch:
        query = query.where(_at_most_one_touch(BookingJourney))
    return _conversions(query, lambda: store_booking_journeys(period))


def lead_decay_credit(grouping: str, period: Period, half_life_days: float) -> dict[str, Credit]:
    """Time-decay credit per channel of the period's leads with more than one touch (their
    journeys stored: call ``lead_journeys`` first), with the scores it carries."""
    touches = (
        select(
            LeadTouch.lead_id.label("conversion"),
            LeadTouch.age_days,
            getattr(LeadTouch, grouping),
            Lead.score,
        )
        .join(Lead, Lead.id == LeadTouch.lead_id)
        .where(Lead.created_at >= period.start, Lead.created_at < period.end)
    )
    return _decay_credit(touches, half_life_days)


def booking_decay_credit(grouping: str, period: Period, half_life_days: float) -> dict[str, Credit]:
    """Time-decay credit per channel of the period's bookings with more than one touch."""
    touches = (
        select(
            BookingTouch.booking_id.label("conversion"),
            BookingTouch.age_days,
            getattr(BookingTouch, grouping),
            cast(null(), Float),  # bookings carry no score
        )
        .join(BookingJourney, BookingJourney.booking_id == BookingTouch.booking_id)
        # the journey's conversion time is the booking's: no join with the bookings
        .where(BookingJourney.converted_at >= period.start, BookingJourney.converted_at < period.end)
    )
    return _decay_credit(touches, half_life_days)


def init_app(app: Flask) -> None:
    """Drop kept journeys when what they were computed from changes, whatever path changes it."""
    listen_once(Session, "after_flush", _forget_changed_journeys)


def _forget_changed_journeys(session: Session, _context) -> None:
    """A visitor linked to a lead: its earlier sessions join the journeys of the lead and its
    bookings. A booking given its lead (a report may have kept its journey without it meanwhile)."""
    leads = {link.lead_id for link in session.new if isinstance(link, LeadVisitor)}
    bookings = [
        booking.id
        for booking in session.dirty
        if isinstance(booking, Booking) and inspect(booking).attrs.lead_id.history.has_changes()
    ]
    if leads:
        session.connection().execute(delete(LeadJourney).where(LeadJourney.lead_id.in_(leads)))
        session.connection().execute(delete(BookingJourney).where(BookingJourney.lead_id.in_(leads)))
    if bookings:
        session.connection().execute(delete(BookingJourney).where(BookingJourney.booking_id.in_(bookings)))


def _at_most_one_touch(model):
    # A conversion without a journey yet (null) must come through, to have it stored.
    return or_(model.touch_count <= 1, model.touch_count.is_(None))


def _conversions(query, store_missing: Callable[[], None]) -> list[Conversion]:
    """The grouped journeys of ``query``. Conversions without a journey (a null path) get theirs
    stored first; any still without one arrived during the report and are left to the next."""
    rows = db.session.execute(query).all()
    if any(row[0] is None for row in rows):
        store_missing()
        rows = db.session.execute(query).all()
    return [_conversion(*row) for row in rows if row[0] is not None]


def _conversion(path, lead_touch, booking_touch, count, score_sum) -> Conversion:
    channels = tuple(json.loads(path))
    return Conversion(
        channels=channels,
        ages=(0.0,) * len(channels),
        lead_touch=lead_touch,
        booking_touch=booking_touch,
        count=count,
        score_sum=score_sum,
    )


def _decay_credit(touches, half_life_days: float) -> dict[str, Credit]:
    """``attribution.decay_weights`` summed in the database over ``touches`` (conversion, age in
    days, channel, score): each touch weighs 2^(-age / half-life), its share is its weight over
    its conversion's, and shares (and shares times the score) add up per channel."""
    rows = touches.subquery()
    conversion, age, channel, score = rows.c
    weight = func.power(literal(0.5, Float), age / literal(half_life_days, Float), type_=Float)
    shares = select(
        channel.label("channel"),
        (weight / func.sum(weight, type_=Float).over(partition_by=conversion)).label("share"),
        score.label("score"),
    ).subquery()
    totals = select(
        shares.c.channel, func.sum(shares.c.share), func.sum(shares.c.share * shares.c.score)
    ).group_by(shares.c.channel)
    return {
        name: Credit(float(credit), float(scored or 0.0))
        for name, credit, scored in db.session.execute(totals)
    }
