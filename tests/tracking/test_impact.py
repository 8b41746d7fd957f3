"""The business-impact table on its own (no database): the documented defaults for every event type,
which rule wins, and admins' rules merged into the defaults."""

import pytest

from leadcapture.tracking import EVENT_TYPES
from leadcapture.tracking.impact import (
    DEFAULT_RULES,
    ImpactRule,
    ImpactTable,
    impact_of,
    merged_rules,
    normalised_pattern,
)


@pytest.mark.parametrize(
    ("event_type", "name", "impact"),
    [
        ("form_submit", "contact_form", "high"),
        ("form_submit", "booking_form", "high"),
        ("form_submit", None, "high"),
        ("export", "cost_estimate_pdf", "high"),
        ("export", None, "high"),
        ("tool_usage", "cost_calculator:result", "high"),
        ("tool_usage", "appointment_booking:result", "high"),
        ("tool_usage", "face_analysis:start", "medium"),
        ("tool_usage", "face_analysis:failed", "medium"),
        ("tool_usage", "appointment_booking:slot", "medium"),
        ("tool_usage", "cost_calculator", "medium"),
        ("tool_usage", None, "medium"),
        ("error", "TypeError", "medium"),
        ("click", "book_now", "low"),
        ("page_view", "/prices", "low"),
        ("navigation", "menu", "low"),
        ("content_interaction", "scroll", "low"),
    ],
)
def test_each_default_type_gets_its_documented_impact(event_type, name, impact):
    assert impact_of(event_type, name) == impact


def test_every_event_type_has_a_default_rule_for_all_its_names():
    assert {rule.event_type for rule in DEFAULT_RULES if rule.pattern == "*"} == set(EVENT_TYPES)
    assert impact_of("unknown_type", "anything") == "low"


def test_a_result_is_matched_at_the_end_of_the_name_only():
    assert impact_of("tool_usage", "cost_calculator:result:retry") == "medium"
    assert impact_of("tool_usage", "cost_calculator:RESULT") == "medium"  # case matters
    assert impact_of("tool_usage", "x:result") == "high"


@pytest.mark.parametrize(
    ("rules", "name", "impact"),
    [
        # An exact name beats any pattern, however long.
        ((("click", "book*now", "low"), ("click", "book_now", "high")), "book_now", "high"),
        # More characters besides * win.
        ((("click", "book*", "high"), ("click", "book_n*", "medium")), "book_now", "medium"),
        ((("click", "*", "high"), ("click", "nav_*", "low")), "nav_home", "low"),
        # A tie goes to the higher impact.
        ((("click", "cta*", "low"), ("click", "*now", "high")), "ctanow", "high"),
        # * matches nothing too, and the nameless event only matches *.
        ((("click", "book*", "high"),), "book", "high"),
        ((("click", "*x*", "high"),), None, "low"),
        # Regular-expression characters are plain characters.
        ((("click", "a.b*", "high"),), "axb", "low"),
        ((("click", "a.b*", "high"),), "a.b(1)", "high"),
    ],
)
def test_the_most_specific_rule_wins(rules, name, impact):
    table = ImpactTable(tuple(ImpactRule(*rule) for rule in rules))
    assert table.impact_of("click", name) == impact


def test_stored_rules_extend_the_defaults_and_replace_the_default_of_their_key():
    stored = (ImpactRule("click", "book_*", "high"), ImpactRule("form_submit", "*", "medium"))
    rules = merged_rules(stored)
    table = ImpactTable(rules)
    assert len(rules) == len(DEFAULT_RULES) + 1
    assert table.impact_of("click", "book_consultation") == "high"
    assert table.impact_of("click", "menu") == "low"
    assert table.impact_of("form_submit", "contact_form") == "medium"
    assert table.impact_of("export", "pdf") == "high"  # other defaults stay


@pytest.mark.parametrize(("typed", "stored"), [("  book_*  ", "book_*"), ("**", "*"), ("a***b", "a*b")])
def test_patterns_are_normalised(typed, stored):
    assert normalised_pattern(typed) == stored
