"""record_interaction: the one entry point for tool uses; repeats within 10 s are recorded once."""

from datetime import timedelta

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Interaction
from leadcapture.models.types import utcnow
from leadcapture.tracking import VisitContext, record_interaction

CALC = {"procedures": ["botox", "hydrafacial"], "budget_range": "1k_5k", "urgency": "flexible"}


def interaction_count():
    return db.session.scalar(select(func.count()).select_from(Interaction))


def test_interaction_is_recorded_with_visitor_and_session(app_ctx):
    recorded = record_interaction(VisitContext(), "cost_calculator", CALC, time_on_tool_seconds=42)
    stored = db.session.get(Interaction, recorded.interaction.id)
    assert stored.tool == "cost_calculator" and stored.data == CALC
    assert stored.visitor_id == recorded.visit.visitor.id
    assert stored.session_id == recorded.visit.session.id
    assert stored.time_on_tool_seconds == 42
    assert recorded.visit.session.active_seconds == 42


def test_same_input_within_ten_seconds_is_recorded_once(app_ctx):
    start = utcnow()
    first = record_interaction(VisitContext(now=start), "cost_calculator", CALC)
    visitor = first.visit.visitor.id
    reordered = {"urgency": "flexible", "budget_range": "1k_5k", "procedures": ["botox", "hydrafacial"]}
    again = record_interaction(
        VisitContext(visitor_id=visitor, now=start + timedelta(seconds=9)), "cost_calculator", reordered
    )
    assert again.duplicate and again.interaction.id == first.interaction.id
    assert interaction_count() == 1


def test_same_input_after_ten_seconds_or_other_input_is_recorded_again(app_ctx):
    start = utcnow()
    first = record_interaction(VisitContext(now=start), "cost_calculator", CALC)
    visitor = first.visit.visitor.id
    later = record_interaction(
        VisitContext(visitor_id=visitor, now=start + timedelta(seconds=11)), "cost_calculator", CALC
    )
    other = record_interaction(
        VisitContext(visitor_id=visitor, now=start + timedelta(seconds=12)),
        "cost_calculator",
        {**CALC, "urgency": "immediate"},
    )
    assert not later.duplicate and not other.duplicate
    assert interaction_count() == 3


def test_staff_and_bots_are_not_recorded(app_ctx):
    assert record_interaction(VisitContext(is_staff=True), "cost_calculator", CALC) is None
    bot = VisitContext(user_agent="Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    assert record_interaction(bot, "cost_calculator", CALC) is None
    assert interaction_count() == 0
