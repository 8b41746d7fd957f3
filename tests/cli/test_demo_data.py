"""`flask demo-data`: synthetic traffic, leads and bookings bulk-loaded on both backends, reproducible,
validated options."""

import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.catalog.defaults import CONCERNS, DEFAULT_PROCEDURES
from leadcapture.demo.generator import SESSION_COUNT_WEIGHTS
from leadcapture.extensions import db
from leadcapture.models import (
    BehaviourEvent,
    Booking,
    ContactPrompt,
    Interaction,
    Lead,
    LeadJourney,
    LeadVisitor,
    RollupDay,
    RuleSetVersion,
    Visitor,
    VisitSession,
)
from leadcapture.models.types import utcnow
from leadcapture.tracking import EVENT_TYPES
from leadcapture.tracking.interactions import input_hash
from tests.cli.demo_loads import demo_data

pytestmark = pytest.mark.heavy

PROCEDURES = {procedure["id"] for procedure in DEFAULT_PROCEDURES}
BUDGETS = {"under_1k", "1k_5k", "5k_10k", "over_10k"}
URGENCIES = {"immediate", "within_month", "within_quarter", "flexible"}
MODELS = (Visitor, VisitSession, Interaction, BehaviourEvent, ContactPrompt, Lead, LeadVisitor, Booking)


def row_counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in MODELS
        }


def check_tool_data(interaction: Interaction) -> None:
    data = interaction.data
    if interaction.tool == "ai_recommendation":
        assert isinstance(data["query"], str) and data["query"]
        assert set(data["intent"]["concerns"]) <= set(CONCERNS)
        assert set(data["intent"]["procedures"]) <= PROCEDURES
    elif interaction.tool == "face_analysis":
        assert data["concerns"] and set(data["concerns"]) <= set(CONCERNS)
    elif interaction.tool == "cost_calculator":
        assert data["procedures"] and set(data["procedures"]) <= PROCEDURES
        assert data["budget_range"] in BUDGETS and data["urgency"] in URGENCIES
    else:
        assert interaction.tool == "appointment_booking"
        assert data["procedure"] in PROCEDURES
        assert datetime.fromisoformat(data["slot"]) > interaction.created_at


def test_demo_data_fills_the_last_90_days_with_tracker_shaped_traffic(runner, app):
    before = utcnow()
    result = demo_data(runner, "--visitors", "150", "--seed", "7")
    after = utcnow()
    counts = row_counts(app)
    assert counts["visitors"] == 150
    assert f"{counts['behaviour_events']:,}" in result.output and "Generating visitors" in result.output
    # One after another on SQLite, at once on PostgreSQL.
    assert re.search(r"Report roll-ups.*dashboard and funnel", result.output)
    assert re.search(r"Report roll-ups.*attribution", result.output)
    with app.app_context():
        sessions = db.session.scalars(select(VisitSession)).all()
        interactions = db.session.scalars(select(Interaction)).all()
        events = db.session.scalars(select(BehaviourEvent)).all()
    assert set(Counter(s.visitor_id for s in sessions).values()) <= set(SESSION_COUNT_WEIGHTS)
    assert len({s.visitor_id for s in sessions}) == 150
    assert all(before - timedelta(days=90) <= s.started_at <= s.last_seen_at <= after for s in sessions)
    assert {s.utm_campaign for s in sessions} >= {"spring_promo", "summer_glow", "monthly", None}
    assert Counter(s.device_type for s in sessions).most_common(1)[0][0] == "mobile"

    by_session = {s.id: s for s in sessions}
    assert {i.tool for i in interactions} == {
        "ai_recommendation",
        "face_analysis",
        "cost_calculator",
        "appointment_booking",
    }
    for interaction in interactions:
        check_tool_data(interaction)
        session = by_session[interaction.session_id]
        assert session.visitor_id == interaction.visitor_id
        assert session.started_at <= interaction.created_at <= session.last_seen_at
        assert interaction.time_on_tool_seconds > 0
        assert interaction.input_hash == input_hash(interaction.tool, interaction.data)

    assert {e.event_type for e in events} <= EVENT_TYPES
    assert {e.session_id for e in events if e.event_type == "page_view"} == set(by_session)
    assert all(by_session[e.session_id].visitor_id == e.visitor_id for e in events)


def test_the_same_seed_gives_the_same_traffic(runner, app):
    demo_data(runner, "--visitors", "30", "--seed", "11", "--days", "30")
    first = row_counts(app)
    with app.app_context():
        first_tools = Counter(i.tool for i in db.session.scalars(select(Interaction)))
    demo_data(runner, "--visitors", "30", "--seed", "11", "--days", "30")
    second = row_counts(app)
    with app.app_context():
        both_tools = Counter(i.tool for i in db.session.scalars(select(Interaction)))
    assert {table: second[table] - first[table] for table in first} == first
    assert both_tools == first_tools + first_tools
    demo_data(runner, "--visitors", "30", "--seed", "12", "--days", "30")
    third = row_counts(app)
    assert {table: third[table] - second[table] for table in first} != first


def test_leads_and_bookings_are_linked_to_their_visitors_and_scored_with_the_live_rules(runner, app):
    result = demo_data(runner, "--visitors", "1500", "--seed", "3")
    counts = row_counts(app)
    assert counts["leads"] == counts["lead_visitors"] > counts["bookings"] > 0
    assert f"{counts['leads']:,}" in result.output
    with app.app_context():
        live_version = db.session.scalar(select(func.max(RuleSetVersion.version)))
        visitor_of = dict(db.session.execute(select(LeadVisitor.lead_id, LeadVisitor.visitor_id)).all())
        leads = db.session.scalars(select(Lead)).all()
        for lead in leads:
            converting = db.session.get(Interaction, lead.converting_interaction_id)
            assert converting.visitor_id == visitor_of[lead.id]
            assert lead.rule_set_version == live_version and lead.score_breakdown
        for booking in db.session.scalars(select(Booking)):
            assert visitor_of[booking.lead_id] == booking.visitor_id
            assert db.session.get(Lead, booking.lead_id).email == booking.email
        prompts = db.session.scalars(select(ContactPrompt).where(ContactPrompt.status == "submitted")).all()
    assert {(p.visitor_id, p.submitted_at) for p in prompts} <= {
        (visitor_of[lead.id], lead.created_at) for lead in leads
    }


def test_a_leads_rate_of_zero_leaves_only_the_leads_who_booked(runner, app):
    demo_data(runner, "--visitors", "1500", "--seed", "3", "--leads-rate", "0")
    counts = row_counts(app)
    with app.app_context():
        booked = db.session.scalar(select(func.count(func.distinct(Booking.lead_id))))
    assert counts["leads"] == booked > 0


def test_if_empty_loads_into_an_empty_database_only(runner, app):
    first = demo_data(runner, "--visitors", "40", "--seed", "2", "--if-empty")
    assert "Rows written" in first.output
    loaded = row_counts(app)
    assert loaded["visitors"] == 40
    again = demo_data(runner, "--visitors", "40", "--seed", "2", "--if-empty")
    assert "The database already has visitors: no demo data added (--if-empty)." in again.output
    assert "Rows written" not in again.output
    assert row_counts(app) == loaded


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--visitors", "0", "0 is not in the range x>=1"),
        ("--visitors", "-5", "-5 is not in the range x>=1"),
        ("--visitors", "many", "'many' is not"),
        ("--leads-rate", "1.5", "1.5 is not in the range 0<=x<=1"),
        ("--leads-rate", "lots", "'lots' is not"),
    ],
)
def test_invalid_options_are_refused_with_a_usage_error(runner, app, option, value, message):
    result = runner.invoke(args=["demo-data", option, value])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output and message in result.output
    assert "Traceback" not in result.output
    assert row_counts(app)["visitors"] == 0


def test_attribution_is_prepared_for_the_loaded_days(runner, app):
    demo_data(runner, "--visitors", "300", "--days", "10", "--seed", "5")
    with app.app_context():
        days = set(db.session.scalars(select(RollupDay.day).where(RollupDay.rollup == "channel_visitors")))
        today = utcnow().date()
        assert days == {today - timedelta(days=offset) for offset in range(11)}
        leads = db.session.scalar(select(func.count()).select_from(Lead))
        assert leads > 0
        assert db.session.scalar(select(func.count()).select_from(LeadJourney)) == leads
