"""SPEC's default rules: the worked examples and each rule's edges."""

import pytest

from leadcapture.scoring import DEFAULT_RULES, DEFAULT_SETTINGS, Rule, compile_rules
from tests.scoring.helpers import DEFAULT_RULESET, breakdown, cost_calc, visitor


def score(facts):
    return DEFAULT_RULESET.evaluate(facts, DEFAULT_SETTINGS)


def test_worked_example_cost_calculator_caps_at_100():
    result = score(visitor(cost_calc(procedures=2, budget="over_10k", urgency="immediate")))
    assert breakdown(result) == {
        "Cost calculator used": 70,
        "Multiple procedures": 15,
        "High budget": 20,
        "Immediate urgency": 25,
    }
    assert result.unclamped_total == 130
    assert (result.score, result.level) == (100, "high")


def test_worked_example_highest_base_plus_multiple_interactions():
    result = score(
        visitor("ai_recommendation", cost_calc(procedures=1, budget="under_1k", urgency="flexible"))
    )
    assert breakdown(result) == {"Cost calculator used": 70, "Multiple interactions": 5}
    assert result.superseded == ("AI recommendation used",)
    assert (result.score, result.level) == (75, "high")


def test_worked_example_no_tool_use():
    result = score(visitor())
    assert (result.score, result.level, result.breakdown, result.unclamped_total) == (0, "low", (), 0)


@pytest.mark.parametrize(
    ("tool", "points"),
    [("ai_recommendation", 60), ("face_analysis", 80), ("cost_calculator", 70), ("appointment_booking", 90)],
)
def test_each_base_rule_alone(tool, points):
    result = score(visitor(tool))
    assert result.score == points
    assert [item.kind for item in result.breakdown] == ["base"]


def test_base_rules_take_the_highest_not_the_sum():
    result = score(visitor("ai_recommendation", "face_analysis", "appointment_booking"))
    assert breakdown(result) == {"Appointment booked": 90, "Multiple interactions": 10}
    assert set(result.superseded) == {"AI recommendation used", "Face analysis used"}


@pytest.mark.parametrize(("procedures", "bonus"), [(0, False), (1, False), (2, True), (5, True)])
def test_multiple_procedures_edge(procedures, bonus):
    result = score(visitor(cost_calc(procedures=procedures)))
    assert ("Multiple procedures" in breakdown(result)) is bonus


def test_multiple_procedures_needs_a_cost_calculator_interaction():
    result = score(visitor(("ai_recommendation", {"procedures": ["botox", "prp_facial"]})))
    assert "Multiple procedures" not in breakdown(result)


@pytest.mark.parametrize(
    ("budget", "bonus"),
    [("under_1k", False), ("1k_5k", False), ("5k_10k", True), ("over_10k", True), (None, False)],
)
def test_high_budget_edge(budget, bonus):
    assert ("High budget" in breakdown(score(visitor(cost_calc(budget=budget))))) is bonus


@pytest.mark.parametrize(
    ("urgency", "bonus"),
    [("immediate", True), ("within_month", False), ("within_quarter", False), ("flexible", False)],
)
def test_immediate_urgency_edge(urgency, bonus):
    assert ("Immediate urgency" in breakdown(score(visitor(cost_calc(urgency=urgency))))) is bonus


def test_immediate_urgency_read_by_the_ai_counts_too():
    result = score(visitor(("ai_recommendation", {"query": "asap", "intent": {"urgency": "immediate"}})))
    assert breakdown(result) == {"AI recommendation used": 60, "Immediate urgency": 25}


@pytest.mark.parametrize(
    ("seconds", "bonus"), [(0, False), (299, False), (299.9, False), (300, True), (301, True)]
)
def test_high_engagement_time_edge(seconds, bonus):
    result = score(visitor(active_seconds=seconds))
    assert ("High engagement time" in breakdown(result)) is bonus
    assert result.score == (15 if bonus else 0)


@pytest.mark.parametrize(("count", "bonus"), [(1, 0), (2, 5), (3, 10), (10, 45)])
def test_multiple_interactions_five_each_after_the_first(count, bonus):
    result = score(visitor(*["ai_recommendation"] * count))
    assert breakdown(result).get("Multiple interactions", 0) == bonus
    assert result.score == min(100, 60 + bonus)


def test_multiple_interactions_counts_every_tool_and_session():
    result = score(visitor("ai_recommendation", "face_analysis", cost_calc(), "ai_recommendation"))
    items = {item.rule: item for item in result.breakdown}
    assert (items["Multiple interactions"].points, items["Multiple interactions"].matches) == (15, 3)


def test_default_rules_are_plain_dicts_that_round_trip():
    for raw in DEFAULT_RULES:
        rule = Rule.from_dict(raw)
        assert {k: v for k, v in rule.to_dict().items() if k != "id"} == raw
    assert [r["name"] for r in DEFAULT_RULES] == [
        "AI recommendation used",
        "Face analysis used",
        "Cost calculator used",
        "Appointment booked",
        "Multiple procedures",
        "High budget",
        "Immediate urgency",
        "High engagement time",
        "Multiple interactions",
    ]
    assert len(compile_rules(DEFAULT_RULES).active_rules) == 9


def test_default_settings_match_spec():
    assert (DEFAULT_SETTINGS.medium_threshold, DEFAULT_SETTINGS.high_threshold) == (40, 70)
    assert DEFAULT_SETTINGS.form_threshold == 60
    assert DEFAULT_SETTINGS.decay_enabled is False
    assert DEFAULT_SETTINGS.field_priority[:3] == ("email", "name", "phone")


@pytest.mark.parametrize(
    ("score_", "level"), [(0, "low"), (39, "low"), (40, "medium"), (69, "medium"), (70, "high")]
)
def test_levels(score_, level):
    from leadcapture.scoring import engagement_level

    assert engagement_level(score_, DEFAULT_SETTINGS) == level
