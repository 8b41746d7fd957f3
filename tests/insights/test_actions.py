"""The default next-action rules, one test each, on hand-built leads; priority order; the rules
reapplied as days pass and after they change."""

from datetime import timedelta

import pytest

from leadcapture.extensions import db
from leadcapture.insights.reapply import reapply_actions
from leadcapture.insights.rules import save_rule, seed_next_action_rules
from tests.admin.lead_data import user_id
from tests.insights.journeys import CALC, NOW, booking, lead, lead_insight, refreshed, session, visitor


@pytest.fixture
def rules(app_ctx):
    seed_next_action_rules()
    db.session.commit()


def actions_of(lead_id: int) -> list[str]:
    return lead_insight(lead_id).actions


def test_call_now_after_a_booking_this_week(rules):
    someone = visitor()
    session(someone, 3)
    lead_id = lead(someone)
    booking(3, lead_id=lead_id)
    refreshed()
    assert actions_of(lead_id) == ["Call now"]
    assert lead_insight(lead_id).priority == 10
    reapply_actions(now=NOW + timedelta(days=5))  # the booking is 8 days old then
    assert actions_of(lead_id) == []


def test_call_now_for_a_high_score_active_this_week(rules):
    this_week, last_month = visitor(), visitor()
    session(this_week, 2)
    session(last_month, 12)
    active, silent = lead(this_week, level="high", score=80), lead(last_month, level="high", score=80)
    lukewarm = lead(visitor(), level="medium", score=40)
    refreshed()
    assert (actions_of(active), actions_of(silent), actions_of(lukewarm)) == (["Call now"], [], [])


def test_send_the_price_list_after_two_calculations(rules):
    phone, laptop = visitor(), visitor()
    session(phone, 40, {CALC: (1, 2)})
    once = lead(phone)
    refreshed()
    assert actions_of(once) == []
    session(laptop, 20, {CALC: (1, 2)})
    twice = lead(phone, laptop)
    refreshed()
    assert actions_of(twice) == ["Send the price list"]


def test_re_engage_a_high_score_silent_for_30_days(rules):
    someone = visitor()
    session(someone, 31, {CALC: (2, 2)})
    lead_id = lead(someone, level="high", score=85)
    refreshed()
    # Both rules apply, the more urgent (lower priority number) first.
    assert actions_of(lead_id) == ["Send the price list", "Re-engage"]
    assert lead_insight(lead_id).priority == 20
    reapply_actions(now=NOW - timedelta(days=2))  # two days earlier it was 29 days
    assert actions_of(lead_id) == ["Send the price list"]


def test_a_changed_rule_applies_to_every_lead_once_reapplied(rules, app_ctx):
    someone = visitor()
    session(someone, 1, {CALC: (1, 1)})
    lead_id = lead(someone)
    refreshed()
    assert actions_of(lead_id) == []
    admin = user_id("boss@example.com", "admin")
    # The change queues the reapply job (at today's date): here the test runs it, as of NOW.
    app_ctx.extensions["inline_jobs"].shutdown()
    save_rule(None, "Send a voucher", "uses_cost_calculator >= 1 and trend != falling", "5", True, admin)
    assert reapply_actions(now=NOW) == 1
    assert actions_of(lead_id) == ["Send a voucher"]
    assert lead_insight(lead_id).priority == 5
