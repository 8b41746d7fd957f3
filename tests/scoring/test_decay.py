"""Decay: with it on, an interaction keeps 2^(-age / half-life) of its points."""

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadcapture.scoring import (
    DEFAULT_SETTINGS,
    InteractionFacts,
    VisitorFacts,
    compile_rules,
)
from tests.scoring.helpers import DEFAULT_RULESET, breakdown, cond, cost_calc, rule, visitor

DECAY = replace(DEFAULT_SETTINGS, decay_enabled=True, decay_half_life_days=30)


def test_off_by_default_old_interactions_count_fully():
    old = visitor(cost_calc(procedures=2, budget="over_10k", urgency="immediate", age_days=400))
    assert DEFAULT_RULESET.evaluate(old).unclamped_total == 130


def test_one_half_life_old_gives_half_points_rounded_half_away_from_zero():
    old = visitor(cost_calc(procedures=2, budget="over_10k", urgency="immediate", age_days=30))
    result = DEFAULT_RULESET.evaluate(old, DECAY)
    assert breakdown(result) == {
        "Cost calculator used": 35,
        "Multiple procedures": 8,  # 7.5
        "High budget": 10,
        "Immediate urgency": 13,  # 12.5
    }
    assert (result.unclamped_total, result.score, result.level) == (66, 66, "medium")


@pytest.mark.parametrize(
    ("age", "points"),
    [(None, 70), (0, 70), (-3, 70), (1, 68), (15, 49), (30, 35), (60, 18), (90, 9), (365, 0)],
)
def test_points_halve_with_every_half_life(age, points):
    # 70 * 2^(-1/30) = 68.4, 70 * 2^(-1/2) = 49.5, 70/4 = 17.5 -> 18, 70/8 = 8.75 -> 9
    assert DEFAULT_RULESET.evaluate(visitor(cost_calc(age_days=age)), DECAY).score == points


def test_once_rules_take_the_freshest_matching_interaction():
    facts = visitor(cost_calc(budget="over_10k", age_days=90), cost_calc(age_days=0))
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result) == {
        "Cost calculator used": 70,
        "High budget": 3,
        "Multiple interactions": 5,
    }  # 20 / 8


def test_base_rules_compare_points_after_decay():
    facts = visitor(("appointment_booking", {}, 30), "ai_recommendation")  # 90 / 2 = 45 < 60
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result)["AI recommendation used"] == 60
    assert result.superseded == ("Appointment booked",)


def test_per_match_sums_weights_then_caps():
    ruleset = compile_rules([rule(points=5, per_match=True, maximum=12, conditions=[cond("tool", "exists")])])
    three_old = visitor(*[("face_analysis", {}, 30)] * 3)
    assert ruleset.evaluate(three_old, DECAY).score == 8  # 5 * 1.5 = 7.5 rounds to 8
    six_old = visitor(*[("face_analysis", {}, 30)] * 6)
    assert ruleset.evaluate(six_old, DECAY).score == 12  # 15 capped at 12
    mixed = visitor(("face_analysis", {}, 60), ("face_analysis", {}, 30), "face_analysis")
    assert ruleset.evaluate(mixed, DECAY).score == 9  # 5 * (1/4 + 1/2 + 1) = 8.75


def test_skip_matches_skips_the_oldest_first():
    facts = visitor(("face_analysis", {}, 100), "face_analysis", "face_analysis")
    result = DEFAULT_RULESET.evaluate(facts, DECAY)
    assert breakdown(result)["Multiple interactions"] == 10  # the old first one is the skipped one


def test_visitor_only_rules_do_not_decay():
    facts = visitor(("ai_recommendation", {}, 30), active_seconds=300)
    assert breakdown(DEFAULT_RULESET.evaluate(facts, DECAY)) == {
        "AI recommendation used": 30,
        "High engagement time": 15,
    }


def test_negative_points_decay_too():
    ruleset = compile_rules([rule(points=-5, conditions=[cond("tool", "exists")])])
    assert ruleset.evaluate(visitor(("face_analysis", {}, 30)), DECAY).unclamped_total == -3  # -2.5


ages = st.lists(st.one_of(st.none(), st.floats(0, 400)), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(ages, st.integers(1, 200), st.floats(0, 400))
def test_decayed_score_never_above_undecayed_and_falls_with_time(age_list, half_life, later):
    decay = replace(DEFAULT_SETTINGS, decay_enabled=True, decay_half_life_days=half_life)
    tools = ["cost_calculator", "face_analysis", "appointment_booking", "ai_recommendation"]
    now = [(tools[i % 4], {"budget_range": "over_10k"}, age) for i, age in enumerate(age_list)]
    then = [(tool, data, None if age is None else age + later) for tool, data, age in now]
    plain = DEFAULT_RULESET.evaluate(visitor(*now)).score
    decayed = DEFAULT_RULESET.evaluate(visitor(*now), decay).score
    assert DEFAULT_RULESET.evaluate(visitor(*then), decay).score <= decayed <= plain


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
