"""Property-based tests: bounds, monotonicity, breakdown sums, and agreement with a naive scorer."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from leadcapture.scoring import (
    BUDGET_RANGES,
    DEFAULT_RULES,
    DEFAULT_SETTINGS,
    TOOLS,
    URGENCIES,
    InteractionFacts,
    Rule,
    VisitorFacts,
    compile_rules,
)
from tests.scoring import reference

FREE_VALUES = st.sampled_from([1, 2, 3.5, "a", "ab", True, None, ["a", 1], {"a": 1}])

interactions = st.builds(
    InteractionFacts,
    tool=st.sampled_from(TOOLS),
    data=st.fixed_dictionaries(
        {},
        optional={
            "procedures": st.lists(st.sampled_from(["p0", "p1", "p2"]), max_size=4),
            "budget_range": st.sampled_from(BUDGET_RANGES),
            "urgency": st.sampled_from(URGENCIES),
            "intent": st.one_of(
                st.none(), st.fixed_dictionaries({}, optional={"urgency": st.sampled_from(URGENCIES)})
            ),
            "x": FREE_VALUES,
        },
    ),
    age_days=st.one_of(st.none(), st.floats(0, 400)),
)


def visitors(interaction_list=None):
    return st.builds(
        VisitorFacts,
        interactions=interaction_list or st.lists(interactions, max_size=8).map(tuple),
        active_seconds=st.integers(0, 900),
        session_count=st.integers(0, 5),
        days_since_last_visit=st.one_of(st.none(), st.integers(0, 60)),
    )


def _condition(field, op, value):
    return st.builds(lambda f, o, v: {"field": f, "op": o, "value": v}, field, op, value)


SCALARS = st.sampled_from([1, 2, 3.5, "a", "ab", True])
NUMBER_OPS = st.sampled_from(["eq", "ne", "gt", "gte", "lt", "lte"])
GROWING_OPS = st.sampled_from(["gt", "gte"])  # true stays true when interactions are added
interaction_conditions = st.one_of(
    _condition(st.just("tool"), st.sampled_from(["eq", "ne"]), st.sampled_from(TOOLS)),
    _condition(
        st.just("tool"), st.sampled_from(["in", "not_in"]), st.lists(st.sampled_from(TOOLS), min_size=1)
    ),
    _condition(
        st.just("data.budget_range"),
        st.sampled_from(["in", "not_in"]),
        st.lists(st.sampled_from(BUDGET_RANGES), min_size=1),
    ),
    _condition(
        st.sampled_from(["data.urgency", "data.intent.urgency"]),
        st.sampled_from(["eq", "ne"]),
        st.sampled_from(URGENCIES),
    ),
    _condition(st.just("data.procedures"), st.just("count_gte"), st.integers(0, 4)),
    _condition(st.just("data.procedures"), st.just("contains"), st.sampled_from(["p0", "p1"])),
    _condition(
        st.sampled_from(["data.x", "data.procedures", "data.intent"]), st.just("exists"), st.booleans()
    ),
    _condition(st.just("data.x"), st.sampled_from(["eq", "ne", "contains"]), SCALARS),
    _condition(
        st.just("data.x"), st.sampled_from(["in", "not_in"]), st.lists(SCALARS, min_size=1, max_size=3)
    ),
    _condition(st.just("data.x"), NUMBER_OPS.filter(lambda op: op not in ("eq", "ne")), st.integers(0, 4)),
)
steady_visitor_conditions = st.one_of(  # stay the same, or only turn true, as interactions are added
    _condition(
        st.sampled_from(["visitor.active_seconds", "visitor.session_count"]), NUMBER_OPS, st.integers(0, 600)
    ),
    _condition(st.just("visitor.days_since_last_visit"), NUMBER_OPS, st.integers(0, 30)),
    _condition(
        st.sampled_from(["visitor.interaction_count", "visitor.distinct_tools"]),
        GROWING_OPS,
        st.integers(0, 5),
    ),
)
any_visitor_conditions = st.one_of(
    steady_visitor_conditions,
    _condition(
        st.sampled_from(["visitor.interaction_count", "visitor.distinct_tools"]),
        NUMBER_OPS,
        st.integers(0, 5),
    ),
)


ANY_POINTS = st.integers(-60, 120)


@st.composite
def rules(draw, points=ANY_POINTS, visitor_conditions=any_visitor_conditions):
    kind = draw(st.sampled_from(["base", "bonus"]))
    per_match = kind == "bonus" and draw(st.booleans())
    conditions = draw(st.lists(st.one_of(interaction_conditions, visitor_conditions), min_size=1, max_size=3))
    return Rule(
        name=f"rule {draw(st.integers(0, 10**9))}",
        kind=kind,
        condition={"match": draw(st.sampled_from(["all", "any"])), "conditions": conditions},
        points=draw(points),
        per_match=per_match,
        maximum=draw(st.one_of(st.none(), st.integers(0, 60))) if per_match else None,
        skip_matches=draw(st.integers(0, 2)) if per_match else 0,
        active=draw(st.booleans()),
        position=draw(st.integers(0, 5)),
    )


rule_sets = st.lists(rules(), max_size=8, unique_by=lambda r: r.name)
scoring_settings = st.builds(
    lambda on, days: replace(DEFAULT_SETTINGS, decay_enabled=on, decay_half_life_days=days),
    st.booleans(),
    st.integers(1, 200),
)


@settings(max_examples=300, deadline=None)
@given(rule_sets, visitors(), scoring_settings)
def test_agrees_with_the_naive_reference(rule_list, facts, score_settings):
    result = compile_rules(rule_list).evaluate(facts, score_settings)
    expected = reference.score(rule_list, facts, score_settings)
    assert {item.rule: item.points for item in result.breakdown} == expected["breakdown"]
    assert (result.score, result.level, result.unclamped_total) == (
        expected["score"],
        expected["level"],
        expected["total"],
    )


@settings(max_examples=200, deadline=None)
@given(rule_sets, visitors(), scoring_settings)
def test_score_is_within_bounds_and_breakdown_adds_up(rule_list, facts, score_settings):
    result = compile_rules(rule_list).evaluate(facts, score_settings)
    assert 0 <= result.score <= 100
    assert sum(item.points for item in result.breakdown) == result.unclamped_total
    assert result.score == max(0, min(100, result.unclamped_total))
    assert [item.kind for item in result.breakdown].count("base") <= 1


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        rules(points=st.integers(0, 120), visitor_conditions=steady_visitor_conditions),
        max_size=8,
        unique_by=lambda r: r.name,
    ),
    visitors(),
    interactions,
    scoring_settings,
)
def test_adding_an_interaction_never_lowers_the_score_with_non_negative_rules(
    rule_list, facts, extra, score_settings
):
    ruleset = compile_rules(rule_list)
    more = replace(facts, interactions=(*facts.interactions, extra))
    before, after = ruleset.evaluate(facts, score_settings), ruleset.evaluate(more, score_settings)
    assert after.score >= before.score
    assert after.unclamped_total >= before.unclamped_total


@settings(max_examples=100, deadline=None)
@given(visitors(), interactions)
def test_default_rules_never_lower_the_score_when_a_visitor_does_more(facts, extra):
    ruleset = compile_rules(DEFAULT_RULES)
    more = replace(facts, interactions=(*facts.interactions, extra), active_seconds=facts.active_seconds + 30)
    assert ruleset.evaluate(more).score >= ruleset.evaluate(facts).score
