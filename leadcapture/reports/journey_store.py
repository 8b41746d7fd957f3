"""Computing and keeping conversions' journeys (``journeys`` reads them).

A lead's touches are the sessions of all its visitors that started at or before the lead was
created, the last being the one it converted in. A booking's are the sessions of its lead's
visitors (or its own visitor's) that started at or before the booking, the last being the
booking's; its lead touch is the last that started at or before the lead was created.

A booking's journey depends on its lead's visitors: it is dropped when the booking gets its lead
or a visitor is linked to the lead (a flush listener, ``journeys.init_app``) and with the lead (its
foreign key), and stored again when next needed.
"""

import json
from collections.abc import Iterator
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import and_, select, union

from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    BookingJourney,
    BookingTouch,
    Lead,
    LeadJourney,
    LeadTouch,
    LeadVisitor,
    VisitSession,
)
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.channels import channel_of
from leadcapture.reports.period import Period

SECONDS_PER_DAY = 86400.0


def store_lead_journeys(period: Period) -> None:
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
    journeys, touches = [], []
    for (lead_id, created_at, *_touch), touched_by in _touches(query):
        lead_touch = len(touched_by) - 1 if touched_by else None
        journeys.append({"lead_id": lead_id, **_journey(created_at, touched_by, lead_touch)})
        touches += _touch_rows({"lead_id": lead_id}, created_at, touched_by)
    _insert(LeadJourney, ["lead_id"], journeys)
    _insert(LeadTouch, ["lead_id", "position"], touches)
    db.session.commit()


def store_booking_journeys(period: Period) -> None:
    """Compute and keep the journeys of the period's bookings that have none; commits."""
    missing = (
        select(Booking.id)
        .outerjoin(BookingJourney, BookingJourney.booking_id == Booking.id)
        .where(Booking.created_at >= period.start, Booking.created_at < period.end)
        .where(BookingJourney.booking_id.is_(None))
        .correlate(None)
        .scalar_subquery()
    )
    journeys, touches = [], []
    for (booking_id, booked_at, lead_id, lead_at, *_touch), touched_by in _touches(_booking_touches(missing)):
        before_lead = sum(1 for touch in touched_by if lead_at is not None and touch[0] <= lead_at)
        journey = _journey(booked_at, touched_by, before_lead - 1 if before_lead else None)
        booking_touch = len(touched_by) - 1 if touched_by else None
        journeys.append(
            {"booking_id": booking_id, "lead_id": lead_id, "booking_touch": booking_touch, **journey}
        )
        touches += _touch_rows({"booking_id": booking_id}, booked_at, touched_by)
    _insert(BookingJourney, ["booking_id"], journeys)
    _insert(BookingTouch, ["booking_id", "position"], touches)
    db.session.commit()


def _booking_touches(bookings):
    """Rows (booking, booked at, lead, lead created at, touch...) of the ``bookings`` (ids)."""
    chosen = Booking.id.in_(bookings)
    visitors = union(
        select(Booking.id.label("booking_id"), LeadVisitor.visitor_id)
        .join(LeadVisitor, LeadVisitor.lead_id == Booking.lead_id)
        .where(chosen),
        select(Booking.id, Booking.visitor_id).where(chosen, Booking.visitor_id.is_not(None)),
    ).subquery()
    touched = and_(
        VisitSession.visitor_id == visitors.c.visitor_id, VisitSession.started_at <= Booking.created_at
    )
    return (
        select(Booking.id, Booking.created_at, Booking.lead_id, Lead.created_at, *_touch_columns())
        .outerjoin(Lead, Lead.id == Booking.lead_id)
        .outerjoin(visitors, visitors.c.booking_id == Booking.id)
        .outerjoin(VisitSession, touched)
        .where(chosen)
        .order_by(Booking.id, VisitSession.started_at, VisitSession.id)
    )


def _touch_columns():
    return (VisitSession.started_at, channel_of("source"), channel_of("medium"), channel_of("campaign"))


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
        "lead_touch": lead_touch,
    }


def _touch_rows(key: dict, converted_at: datetime, touches: list[tuple]) -> list[dict]:
    """The touches of a journey of more than one touch, one row each (time decay reads them)."""
    if len(touches) < 2:
        return []
    return [
        {
            **key,
            "position": position,
            "age_days": (converted_at - started_at).total_seconds() / SECONDS_PER_DAY,
            "source": source,
            "medium": medium,
            "campaign": campaign,
        }
        for position, (started_at, source, medium, campaign) in enumerate(touches)
    ]


def _insert(model, key: list[str], rows: list[dict]) -> None:
    """Insert ``rows``; a report storing the same at the same moment already did (kept as is)."""
    if rows:
        db.session.execute(dialect_insert(model).on_conflict_do_nothing(index_elements=key), rows)
