"""What a variant may change: each target kind's settings, and clear errors for the rest."""

import pytest

from leadcapture.experiments.changes import changes_errors, every_target, target_error


def test_every_target_is_valid_and_names_each_tool_and_prompt_type():
    targets = every_target()
    assert all(target_error(target) is None for target in targets)
    assert {"contact_form", "tool_page:cost_calculator", "result_page:face_analysis"} <= set(targets)
    assert "feedback_prompt:exit_intent" in targets


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("landing_page", "must start with one of"),
        ("tool_page", "tool_page needs one of"),
        ("tool_page:fortune_teller", "tool_page needs one of"),
        ("contact_form:footer", "contact_form takes no name"),
    ],
)
def test_bad_targets_say_why(target, error):
    assert target_error(target).startswith(error)


def test_a_contact_form_variant_may_reorder_fields_and_move_the_threshold():
    changes = {"fields": ["phone", "email"], "max_fields": 2, "threshold": 45, "headline": "Get your quote"}
    assert changes_errors("contact_form", changes) == {}


@pytest.mark.parametrize(
    ("target", "changes", "field", "error"),
    [
        ("contact_form", {"threshold": 101}, "threshold", "must be a whole number from 0 to 100"),
        ("contact_form", {"threshold": True}, "threshold", "must be a whole number from 0 to 100"),
        ("contact_form", {"fields": ["email", "email"]}, "fields", "must list some of"),
        ("contact_form", {"fields": ["email", "fax"]}, "fields", "must list some of"),
        ("contact_form", {"max_fields": 0}, "max_fields", "must be a whole number from 1 to 5"),
        ("contact_form", {"layout": "standard"}, "layout", "not a setting of contact_form"),
        ("tool_page:cost_calculator", {"cta_copy": " "}, "cta_copy", "must be text of 1 to 200"),
        ("tool_page:cost_calculator", {"cta_copy": "x" * 201}, "cta_copy", "must be text of 1 to 200"),
        ("result_page:cost_calculator", {"layout": "grid"}, "layout", "must be one of standard"),
        ("feedback_prompt:tool_result", {"message": 3}, "message", "must be text"),
    ],
)
def test_bad_changes_name_the_setting_and_why(target, changes, field, error):
    assert changes_errors(target, changes)[field].startswith(error)
