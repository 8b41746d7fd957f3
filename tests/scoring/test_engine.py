"""Engine semantics beyond the defaults: per-match, negatives, clamping, scopes, operators."""

import pytest

from leadcapture.scoring import (
    InteractionFacts,
    Rule,
    ScoreResult,
    VisitorFacts,
    compile_rules,
    score_visitor,
)
from tests.scoring.helpers import breakdown, cond, cost_calc, rule, visitor

ALL_TOOLS = cond("tool", "exists")


@pytest.mark.parametrize(
    ("interactions", "maximum", "points"),
    [(1, None, 5), (4, None, 20), (4, 12, 12), (4, 20, 20), (4, 0, 0), (2, 12, 10)],
)
def test_per_match_maximum_caps_the_rule_total(interactions, maximum, points):
    ruleset = compile_rules([rule(points=5, conditions=[ALL_TOOLS], per_match=True, maximum=maximum)])
    result = ruleset.evaluate(visitor(*["ai_recommendation"] * interactions))
    assert breakdown(result) == {"R": points}
    assert result.breakdown[0].matches == interactions


def test_negative_per_match_maximum_caps_the_absolute_value():
    ruleset = compile_rules([rule(points=-10, conditions=[ALL_TOOLS], per_match=True, maximum=25)])
    assert ruleset.evaluate(visitor(*["face_analysis"] * 5)).unclamped_total == -25


@pytest.mark.parametrize(("interactions", "matches"), [(0, None), (2, None), (3, 1), (5, 3)])
def test_skip_matches(interactions, matches):
    ruleset = compile_rules([rule(points=5, conditions=[ALL_TOOLS], per_match=True, skip_matches=2)])
    result = ruleset.evaluate(visitor(*["ai_recommendation"] * interactions))
    if matches is None:
        assert result.breakdown == ()
    else:
        assert (result.breakdown[0].points, result.breakdown[0].matches) == (5 * matches, matches)


def test_bonus_adds_once_however_many_interactions_match():
    result = compile_rules([rule(points=7)]).evaluate(visitor(cost_calc(), cost_calc(), cost_calc()))
    assert (result.score, result.breakdown[0].matches) == (7, 3)


def test_negative_points_lower_the_score_and_clamp_at_zero():
    rules = [
        rule("Base", kind="base", points=30),
        rule("Low budget", points=-20, conditions=[cond("data.budget_range", "eq", "under_1k")]),
        rule("Bot-like", points=-50, conditions=[cond("visitor.active_seconds", "lt", 2)]),
    ]
    ruleset = compile_rules(rules)
    result = ruleset.evaluate(visitor(cost_calc(budget="under_1k"), active_seconds=60))
    assert (result.score, result.unclamped_total) == (10, 10)
    result = ruleset.evaluate(visitor(cost_calc(budget="under_1k"), active_seconds=1))
    assert breakdown(result) == {"Base": 30, "Low budget": -20, "Bot-like": -50}
    assert (result.score, result.unclamped_total, result.level) == (0, -40, "low")


def test_clamps_at_100():
    result = compile_rules([rule(kind="base", points=1000)]).evaluate(visitor(cost_calc()))
    assert (result.score, result.unclamped_total) == (100, 1000)


def test_negative_base_rules_still_take_the_highest():
    rules = [rule("A", kind="base", points=-10), rule("B", kind="base", points=-5)]
    result = compile_rules(rules).evaluate(visitor(cost_calc()))
    assert breakdown(result) == {"B": -5} and result.superseded == ("A",)


def test_equal_base_rules_first_by_position_wins():
    rules = [
        rule("Later", kind="base", points=50, position=2),
        rule("Earlier", kind="base", points=50, position=1),
    ]
    result = compile_rules(rules).evaluate(visitor(cost_calc()))
    assert breakdown(result) == {"Earlier": 50} and result.superseded == ("Later",)


def test_breakdown_order_base_first_then_bonuses_by_position():
    rules = [
        rule("Z", points=1, position=3),
        rule("Base", kind="base", points=10, position=9),
        rule("A", points=1, position=1),
    ]
    result = compile_rules(rules).evaluate(visitor(cost_calc()))
    assert [item.rule for item in result.breakdown] == ["Base", "A", "Z"]


def test_inactive_rules_never_fire():
    rules = [
        rule("On", points=10),
        rule("Off", points=50, active=False),
        rule("Off base", "base", 90, active=False),
    ]
    ruleset = compile_rules(rules)
    assert breakdown(ruleset.evaluate(visitor(cost_calc()))) == {"On": 10}
    assert [r.name for r in ruleset.rules] == ["On", "Off", "Off base"]
    assert [r.name for r in ruleset.active_rules] == ["On"]


def test_all_needs_one_interaction_to_satisfy_every_interaction_condition():
    conditions = [cond("tool", "eq", "cost_calculator"), cond("data.budget_range", "eq", "over_10k")]
    ruleset = compile_rules([rule(conditions=conditions)])
    split = visitor(("cost_calculator", {}), ("ai_recommendation", {"budget_range": "over_10k"}))
    assert ruleset.evaluate(split).score == 0
    assert ruleset.evaluate(visitor(cost_calc(budget="over_10k"))).score == 10


def test_any_matches_interactions_satisfying_one_condition():
    conditions = [cond("tool", "eq", "face_analysis"), cond("data.budget_range", "eq", "over_10k")]
    ruleset = compile_rules([rule(conditions=conditions, match="any", per_match=True, points=3)])
    result = ruleset.evaluate(
        visitor("face_analysis", cost_calc(budget="over_10k"), cost_calc(), "face_analysis")
    )
    assert (result.score, result.breakdown[0].matches) == (9, 3)


def test_visitor_only_rule_counts_as_one_match_even_per_match():
    ruleset = compile_rules(
        [rule(points=4, per_match=True, conditions=[cond("visitor.session_count", "gte", 2)])]
    )
    result = ruleset.evaluate(visitor("face_analysis", "face_analysis", session_count=3))
    assert (result.score, result.breakdown[0].matches) == (4, 1)
    assert ruleset.evaluate(visitor(session_count=2)).score == 4  # no interactions needed
    assert ruleset.evaluate(visitor(session_count=1)).score == 0


def test_all_with_visitor_condition_gates_interaction_matches():
    conditions = [cond("tool", "eq", "face_analysis"), cond("visitor.days_since_last_visit", "lte", 7)]
    ruleset = compile_rules([rule(points=2, per_match=True, conditions=conditions)])
    two_faces = ("face_analysis", "face_analysis", "cost_calculator")
    assert ruleset.evaluate(visitor(*two_faces, days_since_last_visit=3)).score == 4
    assert ruleset.evaluate(visitor(*two_faces, days_since_last_visit=30)).score == 0
    assert ruleset.evaluate(visitor(*two_faces)).score == 0  # unknown: the condition does not hold


def test_any_with_true_visitor_condition_matches_every_interaction():
    conditions = [cond("tool", "eq", "face_analysis"), cond("visitor.distinct_tools", "gte", 2)]
    ruleset = compile_rules([rule(points=1, per_match=True, match="any", conditions=conditions)])
    assert ruleset.evaluate(visitor("face_analysis", "cost_calculator", "cost_calculator")).score == 3
    assert ruleset.evaluate(visitor("face_analysis", "face_analysis")).score == 2
    assert ruleset.evaluate(visitor("cost_calculator")).score == 0


@pytest.mark.parametrize(
    ("condition", "data", "matches"),
    [
        (cond("data.x", "eq", 3), {"x": 3}, True),
        (cond("data.x", "eq", 3), {"x": "3"}, False),
        (cond("data.x", "ne", 3), {"x": 4}, True),
        (cond("data.x", "ne", 3), {}, False),  # a missing field matches nothing but exists:false
        (cond("data.x", "in", ["a", "b"]), {"x": "b"}, True),
        (cond("data.x", "in", ["a", "b"]), {"x": ["a"]}, False),
        (cond("data.x", "not_in", ["a", "b"]), {"x": "c"}, True),
        (cond("data.x", "not_in", ["a", "b"]), {"x": None}, False),
        (cond("data.x", "gt", 5), {"x": 5}, False),
        (cond("data.x", "gte", 5), {"x": 5}, True),
        (cond("data.x", "lt", 5), {"x": 4.5}, True),
        (cond("data.x", "lte", 5), {"x": "4"}, False),
        (cond("data.x", "gt", 5), {}, False),
        (cond("data.concerns", "contains", "acne"), {"concerns": ["acne", "redness"]}, True),
        (cond("data.concerns", "contains", "acne"), {"concerns": ["acne_scars"]}, False),
        (cond("data.query", "contains", "botox"), {"query": "is botox safe?"}, True),
        (cond("data.procedures", "count_gte", 2), {"procedures": ["a", "b"]}, True),
        (cond("data.procedures", "count_gte", 2), {"procedures": "ab"}, False),
        (cond("data.x", "exists"), {"x": 0}, True),
        (cond("data.x", "exists"), {"x": None}, False),
        (cond("data.x", "exists", False), {}, True),
        (cond("data.a.b.c", "eq", 1), {"a": {"b": {"c": 1}}}, True),
        (cond("data.a.b", "eq", 1), {"a": [1]}, False),
        (cond("data.intent.urgency", "eq", "immediate"), {"intent": "immediate"}, False),
    ],
)
def test_operators(condition, data, matches):
    ruleset = compile_rules([rule(conditions=[condition])])
    # Surrounded by other interactions, so whole-column fast paths and fallbacks are both exercised.
    facts = visitor("face_analysis", ("cost_calculator", data), ("ai_recommendation", {"a": None, "y": [1]}))
    assert (ruleset.evaluate(facts).score == 10) is matches


@pytest.mark.parametrize(
    ("condition", "matches"),
    [
        (cond("data.x", "in", ["a", 2]), 2),
        (cond("data.x", "not_in", ["a", 2]), 3),
        (cond("data.x", "eq", 2), 1),
        (cond("data.x", "ne", 2), 4),
        (cond("data.x", "gt", 1), 1),
        (cond("data.x", "lte", 2), 1),
        (cond("data.x", "contains", "a"), 3),
        (cond("data.x", "exists"), 5),
        (cond("data.x", "exists", False), 1),
    ],
)
def test_operators_over_mixed_values_count_each_interaction(condition, matches):
    """Unhashable and non-numeric values make the fast whole-column paths fall back one by one."""
    values = ["a", 2, ["a"], {"a": 1}, "bab", None]
    ruleset = compile_rules([rule(conditions=[condition], per_match=True, points=1)])
    result = ruleset.evaluate(visitor(*[("ai_recommendation", {"x": value}) for value in values]))
    assert result.score == matches


def test_identical_conditions_are_shared_between_rules():
    rules = [rule("A", points=1), rule("B", points=2), rule("C", kind="base", points=3)]
    ruleset = compile_rules(rules)
    assert ruleset.evaluate(visitor(cost_calc())).score == 6


def test_facts_from_dicts_and_result_to_dict():
    facts = VisitorFacts.from_dict(
        {
            "interactions": [
                {"tool": "cost_calculator", "data": {"procedures": ["a", "b"], "budget_range": "over_10k"}}
            ],
            "active_seconds": 400,
        }
    )
    from tests.scoring.helpers import DEFAULT_RULESET

    result = score_visitor(facts, DEFAULT_RULESET)
    assert isinstance(result, ScoreResult)
    assert result.to_dict() == {
        "score": 100,
        "level": "high",
        "breakdown": [
            {"rule": "Cost calculator used", "kind": "base", "points": 70, "matches": 1},
            {"rule": "Multiple procedures", "kind": "bonus", "points": 15, "matches": 1},
            {"rule": "High budget", "kind": "bonus", "points": 20, "matches": 1},
            {"rule": "High engagement time", "kind": "bonus", "points": 15, "matches": 1},
        ],
        "unclamped_total": 120,
        "superseded": [],
    }
    assert facts.interaction_count == 1 and facts.distinct_tools == 1


def test_score_visitor_accepts_rule_dicts_and_a_facts_dict():
    result = score_visitor({"interactions": [{"tool": "face_analysis"}]}, [rule(conditions=[ALL_TOOLS])])
    assert result.score == 10


def test_facts_are_checked():
    with pytest.raises(TypeError):
        InteractionFacts(tool=None)
    with pytest.raises(TypeError):
        InteractionFacts(tool="face_analysis", data=["not", "a", "mapping"])
    with pytest.raises(TypeError):
        VisitorFacts(interactions=({"tool": "face_analysis"},))


def test_three_conditions_all_and_any():
    conditions = [
        cond("tool", "eq", "cost_calculator"),
        cond("data.procedures", "count_gte", 2),
        cond("data.budget_range", "in", ["5k_10k", "over_10k"]),
    ]
    facts = visitor(
        cost_calc(2, "over_10k"), cost_calc(3, "5k_10k"), cost_calc(1, "over_10k"), "face_analysis"
    )
    every = compile_rules([rule(conditions=conditions, per_match=True, points=1)])
    assert every.evaluate(facts).score == 2
    some = compile_rules([rule(conditions=conditions, match="any", per_match=True, points=1)])
    assert some.evaluate(facts).score == 3


def test_rules_round_trip_through_dicts():
    raw = rule(
        conditions=[cond("data.x", "in", ("a", 1))], per_match=True, maximum=9, skip_matches=1, position=4
    )
    parsed = Rule.from_dict(raw)
    assert parsed.condition["conditions"][0]["value"] == ["a", 1]
    assert Rule.from_dict(parsed.to_dict()) == parsed
