"""What the attribution report keeps (daily visitor roll-up, conversion journeys) stays right:
today's visitors show within a minute, loads into past days are picked up, a lead's second device
and a booking's late lead change the credit."""

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import distinct, func, select

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.cta.tools import appointment_booking as booking_tool
from leadcapture.extensions import db
from leadcapture.jobs.maintenance import refresh_report_rollups
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import ChannelVisitorDay, ChannelVisitorPair, LeadJourney, Visitor, VisitSession
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.reports.journey_store import store_booking_journeys
from leadcapture.reports.open_days import count_sessions_since
from leadcapture.reports.period import Period, last_days
from leadcapture.reports.visitor_days import distinct_visitors, forget_days, visitors_by_channel
from leadcapture.tracking import VisitContext, record_interaction, track_visit
from tests.admin.signin import signed_in_client
from tests.admin.test_attribution import table
from tests.api.test_tools import next_free_slot

pytestmark = pytest.mark.heavy

NEWSLETTER = "https://clinic.example/?utm_source=newsletter&utm_medium=email&utm_campaign=nov"
SPRING = "https://clinic.example/tools?utm_source=google&utm_medium=cpc&utm_campaign=spring"
CALC = {"procedures": ["botox"], "budget_range": "under_1k", "urgency": "flexible"}


def add_session(visitor: str, started_at: datetime, source: str | None = None) -> None:
    if db.session.get(Visitor, visitor) is None:
        db.session.add(Visitor(id=visitor, created_at=started_at))
    db.session.add(
        VisitSession(
            visitor_id=visitor,
            started_at=started_at,
            last_seen_at=started_at,
            referrer_class="direct" if source is None else "search",
            utm_source=source,
        )
    )
    db.session.commit()


def test_todays_visitors_show_within_a_minute_and_ended_days_stay_as_computed(app_ctx):
    now = datetime(2025, 3, 10, 12, 0)
    days = Period(date(2025, 3, 9), date(2025, 3, 10))
    add_session("a", datetime(2025, 3, 9, 9), "google")
    add_session("b", datetime(2025, 3, 10, 11), "google")
    assert visitors_by_channel("source", days, now) == {"google": 2}
    add_session("c", datetime(2025, 3, 10, 12), "google")
    assert visitors_by_channel("source", days, now + timedelta(seconds=30)) == {"google": 2}
    assert visitors_by_channel("source", days, now + timedelta(seconds=61)) == {"google": 3}
    # Sessions never start in an ended day, except when a bulk load writes them: then it is forgotten.
    add_session("d", datetime(2025, 3, 9, 10))
    assert visitors_by_channel("source", days, now + timedelta(seconds=62)) == {"google": 3}
    forget_days(date(2025, 3, 9))
    assert visitors_by_channel("source", days, now + timedelta(seconds=63)) == {"google": 3, "(direct)": 1}
    # A visitor back on another day of the period counts once; on the period's first day only there.
    add_session("a", datetime(2025, 3, 10, 12, 0, 30), "google")
    assert visitors_by_channel("source", days, now + timedelta(minutes=5)) == {"google": 3, "(direct)": 1}
    assert visitors_by_channel(
        "source", Period(date(2025, 3, 10), date(2025, 3, 10)), now + timedelta(minutes=5)
    ) == {"google": 3}


def test_a_day_counted_as_it_went_is_completed_once_over_and_recounting_adds_nobody_twice(app_ctx):
    noon = datetime(2025, 3, 10, 12, 0)
    day = Period(date(2025, 3, 10), date(2025, 3, 10))
    add_session("a", datetime(2025, 3, 8, 9), "google")
    add_session("a", datetime(2025, 3, 10, 9), "google")
    add_session("b", datetime(2025, 3, 10, 11))
    assert visitors_by_channel("source", day, noon) == {"google": 1, "(direct)": 1}
    count_sessions_since(date(2025, 3, 10), datetime(2025, 3, 10))
    db.session.commit()
    assert visitors_by_channel("source", day, noon) == {"google": 1, "(direct)": 1}
    add_session("c", datetime(2025, 3, 10, 23, 59))
    after_midnight = datetime(2025, 3, 11, 0, 3)
    assert visitors_by_channel("source", day, after_midnight) == {"google": 1, "(direct)": 2}
    assert db.session.scalar(select(func.count()).select_from(ChannelVisitorPair)) == 0
    assert distinct_visitors(Period(date(2025, 3, 8), date(2025, 3, 10)), after_midnight) == 3


def test_a_device_linked_to_the_lead_later_brings_its_earlier_visits_into_the_credit(app):
    client = signed_in_client(app, "marketing")
    start = utcnow() - timedelta(days=3)
    with app.app_context():
        phone = track_visit(VisitContext(page_url=NEWSLETTER, now=start)).visitor.id
        laptop = record_interaction(
            VisitContext(page_url=SPRING, now=start + timedelta(days=1)), "cost_calculator", CALC
        )
        capture_scored_lead(
            laptop.visit, ContactDetails(email="bo@example.com"), now=start + timedelta(days=1)
        )
    query = {"model": "linear", "days": "7"}
    before = table(client.get("/admin/attribution", query_string=query).get_data(as_text=True))
    assert before["google"][1] == "1.00" and before["newsletter"][1] == "0.00"
    with app.app_context():
        later = record_interaction(
            VisitContext(visitor_id=phone, page_url="https://clinic.example/"), "cost_calculator", CALC
        )
        capture_scored_lead(later.visit, ContactDetails(email="bo@example.com"))
    after = table(client.get("/admin/attribution", query_string=query).get_data(as_text=True))
    assert (after["google"][1], after["newsletter"][1]) == ("0.50", "0.50")


def test_a_booking_is_credited_with_its_leads_visits_though_a_report_ran_while_it_was_booked(
    app, monkeypatch
):
    """The booking tool reserves the slot first, then gives the booking its visitor and lead: a
    report in between keeps a journey without them, which must not be the one credited."""
    client = signed_in_client(app, "marketing")
    with app.app_context():
        seed_catalog()
        phone = track_visit(VisitContext(page_url=NEWSLETTER, now=utcnow() - timedelta(days=2)))
        capture_scored_lead(phone, ContactDetails(email="bo@example.com"), now=utcnow() - timedelta(days=2))
    book = booking_tool.complete_tool_use

    def report_in_between(*args, **kwargs):
        store_booking_journeys(last_days(7))
        return book(*args, **kwargs)

    monkeypatch.setattr(booking_tool, "complete_tool_use", report_in_between)
    booking = {
        "procedure": "botox",
        "slot": next_free_slot(app.test_client()),
        "email": "bo@example.com",
        "name": "Bo",
        "page_url": SPRING,
    }
    assert app.test_client().post("/api/v1/tools/appointment_booking", json=booking).status_code == 200
    page = client.get("/admin/attribution", query_string={"model": "first_touch", "days": "7"})
    rows = table(page.get_data(as_text=True))
    assert (rows["newsletter"][2], rows["google"][2]) == ("1.00", "0.00")
    assert "(unknown)" not in rows


def test_the_workers_job_prepares_the_last_90_days_so_a_report_has_nothing_to_compute(app_ctx):
    started = utcnow() - timedelta(days=80)
    visit = track_visit(VisitContext(page_url=SPRING, now=started))
    lead = capture_scored_lead(visit, ContactDetails(email="early@example.com"), now=started).lead
    assert db.session.get(LeadJourney, lead.id) is None
    refresh_report_rollups()
    assert json.loads(db.session.get(LeadJourney, lead.id).sources) == ["google"]
    counted = select(ChannelVisitorDay.channel).where(
        ChannelVisitorDay.grouping == "source", ChannelVisitorDay.day == started.date()
    )
    assert db.session.scalars(counted).all() == ["google"]


def test_demo_data_loads_show_up_in_the_visitor_counts(app, runner):
    client = signed_in_client(app, "marketing")

    def shown_and_stored() -> tuple[str, str]:
        page = client.get("/admin/attribution", query_string={"days": "90"}).get_data(as_text=True)
        with app.app_context():
            start = datetime.combine(utcnow().date() - timedelta(days=89), datetime.min.time())
            stored = db.session.scalar(
                select(func.count(distinct(VisitSession.visitor_id))).where(VisitSession.started_at >= start)
            )
        return table(page)["Total"][0], f"{stored:,}"

    runner.invoke(args=["demo-data", "--visitors", "150", "--seed", "5"])
    first, stored = shown_and_stored()
    assert first == stored and int(first) > 100
    runner.invoke(args=["demo-data", "--visitors", "150", "--seed", "6"])
    second, stored = shown_and_stored()
    assert second == stored and int(second) > int(first) + 100
