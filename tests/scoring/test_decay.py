"""Decay: with it on, interactions older than N days count half."""

from dataclasses import replace
from datetime import datetime

import pytest

from leadcapture.scoring import DEFAULT_SETTINGS, InteractionFacts, VisitorFacts, compile_rules
from tests.scoring.helpers import DEFAULT_RULESET, breakdown, cond, cost_calc, rule, visitor

DECAY = replace(DEFAULT_SETTINGS, decay_enabled=True, decay_after_days=30)


def test_off_by_default_old_interactions_count_fully():
    old = visitor(cost_calc(procedures=2, budget="over_10k", urgency="immediate", age_days=400))
    assert DEFAULT_RULESET.evaluate(old).unclamped_total == 130


def test_on_old_interactions_give_half_points_rounded_half_away_from_zero():
    old = visitor(cost_calc(procedures=2, budget="over_10k", urgency="immediate", age_days=31))
    result = DEFAULT_RULESET.evaluate(old, DECAY)
    assert breakdown(result) == {
        "Cost calculator used": 35,
        "Multiple procedures": 8,  # 7.5
        "High budget": 10,
        "Immediate urgency": 13,  # 12.5
    }
    assert (result.unclamped_total, result.score, result.level) == (66, 66, "medium")


@pytest.mark.parametrize(("age", "points"), [(None, 70), (0, 70), (30, 70), (30.01, 35), (365, 35)])
def test_boundary_is_strictly_older_than(age, points):
    assert DEFAULT_RULESET.evaluate(visitor(cost_calc(age_days=age)), DECAY).score == points


def test_once_rules_take_the_freshest_matching_interaction():
    facts = visitor(cost_calc(budget="over_10k", age_days=90), cost_calc(age_days=1))
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result) == {"Cost calculator used": 70, "High budget": 10, "Multiple interactions": 5}


def test_base_rules_compare_points_after_decay():
    facts = visitor(("appointment_booking", {}, 200), "ai_recommendation")  # 90 / 2 = 45 < 60
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result)["AI recommendation used"] == 60
    assert result.superseded == ("Appointment booked",)


def test_per_match_sums_weights_then_caps():
    ruleset = compile_rules([rule(points=5, per_match=True, maximum=12, conditions=[cond("tool", "exists")])])
    three_old = visitor(*[("face_analysis", {}, 100)] * 3)
    assert ruleset.evaluate(three_old, DECAY).score == 8  # 7.5 rounds to 8
    five_old = visitor(*[("face_analysis", {}, 100)] * 5)
    assert ruleset.evaluate(five_old, DECAY).score == 12  # 12.5 capped at 12


def test_skip_matches_skips_the_oldest_first():
    facts = visitor(("face_analysis", {}, 100), "face_analysis", "face_analysis")
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result)["Multiple interactions"] == 10  # the old first one is the skipped one


def test_visitor_only_rules_do_not_decay():
    facts = visitor(("ai_recommendation", {}, 100), active_seconds=300)
    assert breakdown(DEFAULT_RULESET.evaluate(facts, DECAY)) == {
        "AI recommendation used": 30,
        "High engagement time": 15,
    }


def test_negative_points_decay_too():
    ruleset = compile_rules([rule(points=-5, conditions=[cond("tool", "exists")])])
    assert ruleset.evaluate(visitor(("face_analysis", {}, 100)), DECAY).unclamped_total == -3  # -2.5


def test_age_from_created_at_and_now():
    now = datetime(2024, 6, 30, 12, 0)
    facts = VisitorFacts.from_dict(
        {
            "interactions": [
                {"tool": "cost_calculator", "created_at": "2024-05-01T12:00:00"},
                {"tool": "cost_calculator", "created_at": datetime(2024, 6, 29)},
            ]
        },
        now=now,
    )
    assert [round(i.age_days, 1) for i in facts.interactions] == [60.0, 1.5]
    assert InteractionFacts.from_dict({"tool": "x", "created_at": "2024-01-01T00:00:00"}).age_days is None
