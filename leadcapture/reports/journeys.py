"""The journeys of conversions (a lead's or a booking's touches), computed once and kept, and
read for a period grouped by path so that a report over 100k leads reads a few thousand rows.

A lead's touches are the sessions of all its visitors that started at or before the lead was
created, the last being the one it converted in. A booking's are the sessions of its lead's
visitors (or its own visitor's) that started at or before the booking, the last being the
booking's; its lead touch is the last that started at or before the lead was created.

A journey is computed the first time a report needs it. Journeys do not change afterwards except
when another visitor is linked to the lead (its earlier sessions join the journey):
``forget_journeys`` drops them then; a booking's journey computed for another lead than the
booking has now is computed again.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import and_, case, delete, func, literal_column, null, select, union

from leadcapture.extensions import db
from leadcapture.models import Booking, BookingJourney, Lead, LeadJourney, LeadVisitor, VisitSession
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.attribution import Conversion
from leadcapture.reports.channels import channel_of
from leadcapture.reports.period import Period

PATHS = {"source": "sources", "medium": "mediums", "campaign": "campaigns"}
# A booking's journey is current while it was computed for the lead the booking has.
CURRENT_BOOKING_JOURNEY = and_(
    BookingJourney.booking_id == Booking.id, BookingJourney.lead_id.is_not_distinct_from(Booking.lead_id)
)
SECONDS_PER_DAY = 86400.0


def lead_journeys(grouping: str, period: Period, with_ages: bool) -> list[Conversion]:
    """The leads created in ``period``, as one Conversion per distinct journey (channel path,
    lead touch and, ``with_ages``, touch ages) with how many leads took it and their scores."""
    columns, keys = _keys(LeadJourney, grouping, with_ages, with_booking_touch=False)
    query = (
        select(*columns, func.count(), func.sum(Lead.score))
        .select_from(Lead)
        .outerjoin(LeadJourney, LeadJourney.lead_id == Lead.id)
        .where(Lead.created_at >= period.start, Lead.created_at < period.end)
        .group_by(*keys)
    )
    return _conversions(query, lambda: _store_lead_journeys(period))


def booking_journeys(grouping: str, period: Period, with_ages: bool) -> list[Conversion]:
    """The bookings made in ``period``, as one Conversion per distinct journey (see above)."""
    columns, keys = _keys(BookingJourney, grouping, with_ages, with_booking_touch=True)
    query = (
        select(*columns, func.count(), null())
        .select_from(Booking)
        .outerjoin(BookingJourney, CURRENT_BOOKING_JOURNEY)
        .where(Booking.created_at >= period.start, Booking.created_at < period.end)
        .group_by(*keys)
    )
    return _conversions(query, lambda: _store_booking_journeys(period))


def forget_journeys(lead_id: int) -> None:
    """Drop the journeys of a lead and its bookings (a visitor was just linked to it)."""
    db.session.execute(delete(LeadJourney).where(LeadJourney.lead_id == lead_id))
    db.session.execute(delete(BookingJourney).where(BookingJourney.lead_id == lead_id))


def _keys(model, grouping: str, with_ages: bool, with_booking_touch: bool) -> tuple[tuple, tuple]:
    """The columns path, lead touch, ages, booking touch (null when not needed) and the ones to
    group by. Ages only for time decay, and only of journeys of more than one touch (a single
    touch gets everything, however old), so that those still group."""
    ages = case((model.touch_count > literal_column("1"), model.ages)) if with_ages else None
    booking_touch = model.booking_touch if with_booking_touch else None
    keys = (getattr(model, PATHS[grouping]), model.lead_touch, ages, booking_touch)
    return tuple(null() if key is None else key for key in keys), tuple(
        key for key in keys if key is not None
    )


def _conversions(query, store_missing) -> list[Conversion]:
    """The grouped journeys of ``query``. Conversions without a journey (a null path) get theirs
    stored first; any still without one arrived during the report and are left to the next."""
    rows = db.session.execute(query).all()
    if any(row[0] is None for row in rows):
        store_missing()
        rows = db.session.execute(query).all()
    return [_conversion(*row) for row in rows if row[0] is not None]


def _conversion(path, lead_touch, ages, booking_touch, count, score_sum) -> Conversion:
    channels = tuple(json.loads(path))
    return Conversion(
        channels=channels,
        ages=tuple(map(float, ages.split())) if ages else (0.0,) * len(channels),
        lead_touch=lead_touch,
        booking_touch=booking_touch,
        count=count,
        score_sum=score_sum,
    )


def _touch_columns():
    return (VisitSession.started_at, channel_of("source"), channel_of("medium"), channel_of("campaign"))


def _store_lead_journeys(period: Period) -> None:
    """Compute and keep the journeys of the period's leads that have none; commits."""
    touched = and_(
        VisitSession.visitor_id == LeadVisitor.visitor_id, VisitSession.started_at <= Lead.created_at
    )
    query = (
        select(Lead.id, Lead.created_at, *_touch_columns())
        .outerjoin(LeadJourney, LeadJourney.lead_id == Lead.id)
        .outerjoin(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .outerjoin(VisitSession, touched)
        .where(Lead.created_at >= period.start, Lead.created_at < period.end, LeadJourney.lead_id.is_(None))
        .order_by(Lead.id, VisitSession.started_at, VisitSession.id)
    )
    rows = []
    for (lead_id, created_at, *_touch), touches in _touches(query):
        rows.append(
            {"lead_id": lead_id, **_journey(created_at, touches, len(touches) - 1 if touches else None)}
        )
    if rows:
        db.session.execute(
            dialect_insert(LeadJourney).on_conflict_do_nothing(index_elements=["lead_id"]), rows
        )
    db.session.commit()


def _store_booking_journeys(period: Period) -> None:
    """Compute and keep the journeys of the period's bookings that have none (or are stale); commits."""
    missing = (
        select(Booking.id)
        .outerjoin(BookingJourney, CURRENT_BOOKING_JOURNEY)
        .where(Booking.created_at >= period.start, Booking.created_at < period.end)
        .where(BookingJourney.booking_id.is_(None))
        .correlate(None)
    )
    booked = Booking.id.in_(missing.scalar_subquery())
    visitors = union(
        select(Booking.id.label("booking_id"), LeadVisitor.visitor_id)
        .join(LeadVisitor, LeadVisitor.lead_id == Booking.lead_id)
        .where(booked),
        select(Booking.id, Booking.visitor_id).where(booked, Booking.visitor_id.is_not(None)),
    ).subquery()
    touched = and_(
        VisitSession.visitor_id == visitors.c.visitor_id, VisitSession.started_at <= Booking.created_at
    )
    query = (
        select(Booking.id, Booking.created_at, Booking.lead_id, Lead.created_at, *_touch_columns())
        .outerjoin(Lead, Lead.id == Booking.lead_id)
        .outerjoin(visitors, visitors.c.booking_id == Booking.id)
        .outerjoin(VisitSession, touched)
        .where(booked)
        .order_by(Booking.id, VisitSession.started_at, VisitSession.id)
    )
    rows = []
    for (booking_id, booked_at, lead_id, lead_at, *_touch), touches in _touches(query):
        lead_touch = sum(1 for touch in touches if lead_at is not None and touch[0] <= lead_at) - 1
        journey = _journey(booked_at, touches, lead_touch if lead_touch >= 0 else None)
        booking_touch = len(touches) - 1 if touches else None
        rows.append({"booking_id": booking_id, "lead_id": lead_id, "booking_touch": booking_touch, **journey})
    if rows:
        statement = dialect_insert(BookingJourney)
        replace = {name: getattr(statement.excluded, name) for name in rows[0] if name != "booking_id"}
        db.session.execute(statement.on_conflict_do_update(index_elements=["booking_id"], set_=replace), rows)
    db.session.commit()


def _touches(query) -> Iterator[tuple[tuple, list[tuple]]]:
    """For rows ``(id, ..., started_at, source, medium, campaign)`` ordered by id and start (the
    touch columns null when there is none): per id, its first row and its touches."""
    for _id, rows in groupby(db.session.execute(query), key=itemgetter(0)):
        rows = list(rows)
        yield rows[0], [tuple(row[-4:]) for row in rows if row[-4] is not None]


def _journey(converted_at: datetime, touches: list[tuple], lead_touch: int | None) -> dict:
    return {
        "converted_at": converted_at,
        "touch_count": len(touches),
        "sources": json.dumps([touch[1] for touch in touches]),
        "mediums": json.dumps([touch[2] for touch in touches]),
        "campaigns": json.dumps([touch[3] for touch in touches]),
        "ages": " ".join(
            repr((converted_at - touch[0]).total_seconds() / SECONDS_PER_DAY) for touch in touches
        ),
        "lead_touch": lead_touch,
    }
