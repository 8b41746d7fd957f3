"""Insights kept from the queue on hand-built journeys: totals, first and last activity, tools and
the primary tool, risk flags, a lead over its visitors, and the same figures whatever order the
rows arrive in."""

from datetime import timedelta

from sqlalchemy import update

from leadcapture.extensions import db
from leadcapture.insights.refresh import queued, refresh_insights
from leadcapture.models import VisitSession
from tests.insights.journeys import (
    BOOKING,
    CALC,
    NOW,
    booking,
    lead,
    lead_insight,
    prompt,
    refreshed,
    session,
    visitor,
    visitor_insight,
)

FIGURES = ("sessions", "tool_uses", "events_high", "events_medium", "events_low", "exports", "bookings")


def figures(row) -> dict:
    return {name: getattr(row, name) for name in (*FIGURES, "first_activity_at", "last_activity_at")} | {
        "primary_tool": row.primary_tool,
        "tool_counts": row.tool_counts,
        "weeks": row.weeks,
    }


def test_a_visitors_totals_tools_and_activity(app_ctx):
    someone = visitor()
    session(someone, 20, {CALC: (1, 3)}, events_high=1, events_medium=2, events_low=5)
    session(someone, 2, {CALC: (1, 2), BOOKING: (0, 1)}, events_high=2, events_low=1, exports=1)
    refreshed()
    found = visitor_insight(someone)
    assert [getattr(found, name) for name in FIGURES] == [2, 2, 3, 2, 6, 1, 0]
    assert found.first_activity_at == NOW - timedelta(days=20)
    assert found.last_activity_at == NOW - timedelta(days=2) + timedelta(minutes=10)
    assert found.primary_tool == CALC
    assert found.tool_counts == {CALC: [2, 5], BOOKING: [0, 1]}
    assert found.abandoned_booking and not found.abandoned_form
    assert queued() == 0


def test_rows_arriving_in_any_order_give_the_same_insight(app_ctx):
    first, second = visitor(), visitor()
    # The first visitor's sessions land newest first, with a refresh in between, and an event
    # counted on the older session after the newer one was refreshed.
    late = session(first, 2, {CALC: (1, 1)}, events_high=1)
    refreshed()
    early = session(first, 9, events_low=1)
    refreshed()
    db.session.execute(update(VisitSession).where(VisitSession.id == early).values(events_low=3))
    refreshed()
    session(second, 9, events_low=3)
    session(second, 2, {CALC: (1, 1)}, events_high=1)
    refreshed()
    assert late and figures(visitor_insight(first)) == figures(visitor_insight(second))


def test_a_lead_adds_up_its_visitors_and_its_own_bookings(app_ctx):
    phone, laptop = visitor(), visitor()
    session(phone, 10, {CALC: (1, 2)}, events_high=1)
    session(laptop, 1, {CALC: (1, 2)}, events_low=4)
    lead_id = lead(phone, laptop)
    booking(1, lead_id=lead_id)
    refreshed()
    found = lead_insight(lead_id)
    assert (found.sessions, found.tool_uses, found.bookings) == (2, 2, 1)
    assert found.first_activity_at == NOW - timedelta(days=10)
    assert found.last_booking_at == NOW - timedelta(days=1)
    # A new visit of one of its visitors reaches the lead through the queue.
    session(laptop, 0.5, {CALC: (1, 1)})
    refreshed()
    assert lead_insight(lead_id).tool_uses == 3


def test_a_form_left_half_filled_until_one_is_submitted(app_ctx):
    someone = visitor()
    visit = session(someone, 5)
    prompt(someone, visit, 5, "abandoned")
    refreshed()
    assert visitor_insight(someone).abandoned_form
    later = session(someone, 1)
    prompt(someone, later, 1, "submitted")
    refreshed()
    db.session.expire_all()
    assert not visitor_insight(someone).abandoned_form
    assert visitor_insight(someone).ended_on_high_intent  # a form sent in the last session


def test_a_booking_started_and_left_until_one_is_made(app_ctx):
    someone = visitor()
    session(someone, 5, {BOOKING: (0, 2)})
    refreshed()
    assert visitor_insight(someone).abandoned_booking
    booking(3, visitor_id=someone)
    refreshed()
    db.session.expire_all()
    assert not visitor_insight(someone).abandoned_booking


def test_a_refresh_stops_after_its_time_and_leaves_the_rest_queued(app_ctx):
    for _ in range(3):
        session(visitor(), 1)
    db.session.commit()
    assert refresh_insights(batch=1, seconds=0) == 0
    assert refresh_insights(batch=1, now=NOW) == 3
