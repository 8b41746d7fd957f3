"""Rules and settings are refused with a message per wrong attribute."""

import pytest

from leadcapture.scoring import (
    Rule,
    RuleValidationError,
    ScoringSettings,
    SettingsValidationError,
    compile_rules,
)
from tests.scoring.helpers import cond, rule


def errors_of(raw) -> dict:
    with pytest.raises(RuleValidationError) as caught:
        Rule.from_dict(raw)
    return caught.value.errors


def test_unknown_field():
    errors = errors_of(rule(conditions=[cond("data", "eq", "x"), cond("visitor.age", "gt", 3)]))
    assert set(errors) == {"conditions[0].field", "conditions[1].field"}
    assert errors["conditions[1].field"].startswith("unknown field 'visitor.age'; use tool, data.<key>")
    assert "visitor.active_seconds" in errors["conditions[1].field"]


def test_unknown_operator():
    errors = errors_of(rule(conditions=[cond("tool", "like", "cost%")]))
    assert errors == {
        "conditions[0].op": "unknown operator 'like'; use one of eq, ne, in, not_in, gt, gte, lt, lte, "
        "contains, count_gte, exists"
    }


def test_string_where_a_number_is_needed():
    errors = errors_of(rule(conditions=[cond("visitor.active_seconds", "gte", "300")]))
    assert errors == {"conditions[0].value": "'gte' needs a number, got text '300'"}


@pytest.mark.parametrize(
    ("condition", "path", "message"),
    [
        (
            cond("data.budget_range", "in", "over_10k"),
            "value",
            "'in' needs a non-empty list of values, got text",
        ),
        (
            cond("data.budget_range", "not_in", []),
            "value",
            "'not_in' needs a non-empty list of values, got a list",
        ),
        (
            cond("data.budget_range", "eq", "high"),
            "value",
            "'high' is not a known budget range; use one of under_1k",
        ),
        (cond("data.urgency", "in", ["now"]), "value", "'now' is not a known urgency; use one of immediate"),
        (
            cond("tool", "eq", "cost_calc"),
            "value",
            "'cost_calc' is not a known tool; use one of ai_recommendation",
        ),
        (
            cond("data.procedures", "count_gte", "2"),
            "value",
            "'count_gte' needs a whole number >= 0, got text '2'",
        ),
        (cond("data.procedures", "count_gte", 1.5), "value", "'count_gte' needs a whole number >= 0"),
        (
            cond("data.procedures", "count_gte", True),
            "value",
            "'count_gte' needs a whole number >= 0, got a boolean",
        ),
        (cond("data.procedures", "gt", 2), "op", "operator 'gt' does not apply to data.procedures (list)"),
        (cond("tool", "gte", 1), "op", "operator 'gte' does not apply to tool (text); use one of eq, ne"),
        (cond("visitor.session_count", "contains", 1), "op", "operator 'contains' does not apply to visitor"),
        (cond("visitor.session_count", "eq", "2"), "value", "'eq' on visitor.session_count needs a number"),
        (cond("data.anything", "eq", None), "value", "'eq' needs a value, got null; use 'exists'"),
        (
            cond("data.anything", "eq", {"a": 1}),
            "value",
            "'eq' needs text, a number or a boolean, got a dict",
        ),
        (cond("data.anything", "exists", "yes"), "value", "'exists' needs true or false"),
        (cond("data.anything", "lt", True), "value", "'lt' needs a number, got a boolean"),
    ],
)
def test_condition_value_and_operator_errors(condition, path, message):
    errors = errors_of(rule(conditions=[condition]))
    assert list(errors) == [f"conditions[0].{path}"]
    assert errors[f"conditions[0].{path}"].startswith(message)


def test_free_form_data_paths_are_fine():
    conditions = [cond("data.face_found", "eq", True), cond("data.photo_quality.score", "gte", 0.5)]
    assert Rule.from_dict(rule(conditions=conditions)).condition["conditions"][1]["value"] == 0.5


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"name": None}, "name", "is required"),
        ({"name": "   "}, "name", "is required (non-empty text)"),
        ({"name": "x" * 121}, "name", "at most 120 characters"),
        ({"kind": "extra"}, "kind", "unknown kind 'extra'; use base or bonus"),
        ({"kind": None}, "kind", "is required"),
        ({"points": "5"}, "points", "must be a whole number between -1000 and 1000"),
        ({"points": 2.5}, "points", "must be a whole number"),
        ({"points": 1001}, "points", "must be a whole number between -1000 and 1000"),
        ({"condition": None}, "condition", "is required"),
        ({"condition": "tool == x"}, "condition", "must be an object"),
        (
            {"condition": {"match": "most", "conditions": [cond("tool", "exists")]}},
            "match",
            "unknown match mode",
        ),
        ({"condition": {"match": "all", "conditions": []}}, "conditions", "needs a non-empty list"),
        ({"condition": {"conditions": ["tool"]}}, "conditions[0]", "must be an object like"),
        (
            {"condition": {"conditions": [{**cond("tool", "exists"), "x": 1}]}},
            "conditions[0].x",
            "unexpected key",
        ),
        ({"per_match": "yes"}, "per_match", "must be true or false"),
        ({"active": 1}, "active", "must be true or false"),
        ({"position": "1"}, "position", "must be a whole number"),
        ({"maximum": 10}, "maximum", "applies only to per-match rules"),
        ({"per_match": True, "maximum": -1}, "maximum", "must be a whole number from 0 to 1000000"),
        ({"per_match": True, "maximum": 2**31}, "maximum", "must be a whole number from 0 to 1000000"),
        ({"per_match": True, "skip_matches": 2**31}, "skip_matches", "must be a whole number from 0 to"),
        ({"skip_matches": 1}, "skip_matches", "applies only to per-match rules"),
        ({"kind": "base", "per_match": True}, "per_match", "base rules cannot be per match"),
        ({"weight": 3}, "weight", "unknown rule attribute; use name, kind"),
    ],
)
def test_rule_attribute_errors(changes, path, message):
    errors = errors_of({**rule(), **changes})
    assert errors[path].startswith(message)


def test_every_problem_is_reported_at_once():
    raw = {"kind": "extra", "points": "x", "condition": {"conditions": [cond("foo", "like", 1)]}}
    errors = errors_of(raw)
    assert set(errors) == {"name", "kind", "points", "conditions[0].field", "conditions[0].op"}


def test_error_message_lists_the_paths():
    with pytest.raises(RuleValidationError, match=r"kind: unknown kind 'x'"):
        Rule.from_dict(rule(kind="x"))


def test_constructing_a_rule_directly_is_validated_too():
    with pytest.raises(RuleValidationError) as caught:
        Rule(name="R", kind="bonus", condition={"conditions": [cond("tool", "eq", 1)]}, points=1)
    assert caught.value.errors == {"conditions[0].value": "'eq' on tool needs text, got the number 1"}
    ok = Rule(name=" R ", kind="bonus", condition={"conditions": [cond("tool", "exists")]}, points=1)
    assert ok.name == "R" and ok.condition == {"match": "all", "conditions": [cond("tool", "exists", True)]}


def test_exists_value_defaults_to_true():
    raw = rule(conditions=[{"field": "data.x", "op": "exists"}])
    assert Rule.from_dict(raw).condition["conditions"][0] == {
        "field": "data.x",
        "op": "exists",
        "value": True,
    }


def test_rule_set_errors_are_prefixed_and_names_unique():
    with pytest.raises(RuleValidationError) as caught:
        compile_rules([rule("A"), rule("B", points="1"), rule("A"), "nonsense"])
    assert caught.value.errors == {
        "rules[1].points": "must be a whole number between -1000 and 1000",
        "rules[2].name": "duplicate rule name 'A' (also rules[0])",
        "rules[3]": "must be an object with name, kind, condition and points",
    }


def test_rule_ids_are_carried_through():
    assert Rule.from_dict({**rule(), "id": 42}).id == 42


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"medium_threshold": 80}, "high_threshold"),
        ({"high_threshold": 101}, "high_threshold"),
        ({"form_threshold": "60"}, "form_threshold"),
        ({"max_fields_per_form": 0}, "max_fields_per_form"),
        ({"reprompt_cooldown_seconds": -1}, "reprompt_cooldown_seconds"),
        ({"field_priority": []}, "field_priority"),
        ({"field_priority": ["email", "email"]}, "field_priority"),
        ({"field_priority": ["email", "fax"]}, "field_priority"),
        ({"decay_enabled": "on"}, "decay_enabled"),
        ({"decay_half_life_days": 0}, "decay_half_life_days"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_settings_errors(changes, path):
    with pytest.raises(SettingsValidationError) as caught:
        ScoringSettings.from_dict(changes)
    assert path in caught.value.errors


def test_settings_round_trip():
    settings = ScoringSettings.from_dict({"form_threshold": 50, "field_priority": ["phone", "email"]})
    assert settings.field_priority == ("phone", "email")
    assert ScoringSettings.from_dict(settings.to_dict()) == settings
