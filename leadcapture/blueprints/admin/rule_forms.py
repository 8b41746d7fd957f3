"""The rules admin's forms, and turning what was typed into the engine's rule and settings dicts.

The forms refuse nothing themselves: text that is not a number stays text, so the scoring engine
(which validates every rule and setting) says what is wrong, and its error paths
(``points``, ``conditions[1].value``) are mapped back onto the form's fields.
"""

import re

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length

from leadcapture.blueprints.admin.rule_text import value_text
from leadcapture.scoring import KINDS, OPERATORS, ScoringSettings
from leadcapture.scoring.conditions import MATCH_MODES, MAX_CONDITIONS
from leadcapture.scoring.fields import KNOWN_DATA_FIELDS, LIST, NUMBER, TEXT, resolve_field
from leadcapture.scoring.vocabulary import CONTACT_FIELDS, VISITOR_FIELDS

NUMERIC_OPERATORS = ("gt", "gte", "lt", "lte", "count_gte")
# Suggested in the condition's field box; any data.<path> is allowed too.
FIELD_SUGGESTIONS = ("tool", *KNOWN_DATA_FIELDS, *(f"visitor.{name}" for name in VISITOR_FIELDS))
BLANK_ROWS, MIN_ROWS = 2, 3  # empty condition rows offered for adding conditions, rows at least
NUMBER_SETTINGS = (
    "medium_threshold",
    "high_threshold",
    "form_threshold",
    "max_fields_per_form",
    "reprompt_cooldown_seconds",
    "max_prompts_per_session",
    "decay_half_life_days",
)
RULE_FIELDS = (
    "name",
    "description",
    "kind",
    "match",
    "points",
    "per_match",
    "skip_matches",
    "maximum",
    "active",
)
_CONDITION_PATH = re.compile(r"conditions\[(\d+)\](?:\.(\w+))?")


class ConditionForm(Form):  # a plain Form: the rule form carries the one CSRF token
    field = StringField("Field")
    op = SelectField("Operator", choices=[SelectChoice("", "—"), *OPERATORS], validate_choice=False)
    value = StringField("Value")


class RuleForm(FlaskForm):
    name = StringField("Name")
    description = TextAreaField("Description")
    kind = SelectField("Kind", choices=list(KINDS), default="bonus", validate_choice=False)
    match = SelectField("Conditions to meet", choices=list(MATCH_MODES), default="all", validate_choice=False)
    conditions = FieldList(FormField(ConditionForm), max_entries=MAX_CONDITIONS)
    points = StringField("Points")
    per_match = BooleanField("Per match (points for every matching interaction)")
    skip_matches = StringField("Skip the first N matches")
    maximum = StringField("At most (total points of this rule)")
    active = BooleanField("Enabled", default=True)


class SettingsForm(FlaskForm):
    medium_threshold = StringField("Medium level from score")
    high_threshold = StringField("High level from score")
    form_threshold = StringField("Offer the contact form from score")
    field_priority = StringField(f"Fields to ask, most valuable first ({', '.join(CONTACT_FIELDS)})")
    max_fields_per_form = StringField("Most fields asked at once")
    reprompt_cooldown_seconds = StringField("Seconds before offering again after a dismissal")
    max_prompts_per_session = StringField("Most offers per session")
    decay_enabled = BooleanField("Older interactions count less (score decay)")
    decay_half_life_days = StringField("Half-life in days: an interaction this old counts half")


class PublishForm(FlaskForm):
    note = StringField("Note", validators=[Length(max=500)])


def parse_number(text: str | None):
    """A whole or decimal number from ``text``; None when blank; the text itself when not a number."""
    text = (text or "").strip()
    if not text:
        return None
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


def split_list(text: str | None) -> list[str]:
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def _scalar(field: str, op: str, text: str):
    spec = resolve_field(field)
    if op in NUMERIC_OPERATORS or (spec and spec.type == NUMBER):
        return parse_number(text)
    if spec and spec.type in (TEXT, LIST):
        return text
    if text in ("true", "false"):  # a free data.* path: numbers and booleans as such
        return text == "true"
    return parse_number(text)


def _condition(row: ConditionForm) -> dict:
    field, op, text = (row.field.data or "").strip(), row.op.data or None, (row.value.data or "").strip()
    condition = {"field": field or None, "op": op}
    if not text:
        return condition  # the engine says a value is needed (or defaults ``exists`` to true)
    if op == "exists":
        condition["value"] = {"true": True, "false": False}.get(text.lower(), text)
    elif op in ("in", "not_in"):
        condition["value"] = [_scalar(field, op, item) for item in split_list(text)]
    else:
        condition["value"] = _scalar(field, op, text)
    return condition


def _blank(row: ConditionForm) -> bool:
    return not ((row.field.data or "").strip() or row.op.data or (row.value.data or "").strip())


def rule_from_form(form: RuleForm) -> tuple[dict, list[int]]:
    """The rule dict for the engine, and the form row of each of its conditions (blank rows skipped)."""
    rows = [index for index, entry in enumerate(form.conditions.entries) if not _blank(entry.form)]
    rule = {
        "name": form.name.data or "",
        "description": form.description.data or "",
        "kind": form.kind.data or None,
        "condition": {
            "match": form.match.data or "all",
            "conditions": [_condition(form.conditions.entries[index].form) for index in rows],
        },
        "points": parse_number(form.points.data),
        "per_match": form.per_match.data,
        "skip_matches": parse_number(form.skip_matches.data),
        "maximum": parse_number(form.maximum.data),
        "active": form.active.data,
    }
    return rule, rows


def rule_form_data(rule: dict) -> dict:
    """A stored rule as the rule form's data."""
    return {
        **{key: rule[key] for key in ("name", "description", "kind", "per_match", "active")},
        "match": rule["condition"]["match"],
        "conditions": [
            {"field": item["field"], "op": item["op"], "value": value_text(item.get("value"))}
            for item in rule["condition"]["conditions"]
        ],
        "points": str(rule["points"]),
        "skip_matches": str(rule["skip_matches"] or ""),
        "maximum": "" if rule["maximum"] is None else str(rule["maximum"]),
    }


def add_blank_rows(form: RuleForm) -> None:
    """Offer a few empty condition rows to add conditions (up to the engine's limit)."""
    for _ in range(
        min(max(BLANK_ROWS, MIN_ROWS - len(form.conditions)), MAX_CONDITIONS - len(form.conditions))
    ):
        form.conditions.append_entry()


def rule_errors(errors: dict[str, str], rows: list[int]) -> dict[str, str]:
    """The engine's error paths as the rule form's field names (``conditions[1].op`` -> ``conditions-3-op``).

    Errors about the whole condition block go under ``conditions``; any other path under ``__all__``.
    """
    mapped: dict[str, str] = {}
    for path, message in errors.items():
        found = _CONDITION_PATH.fullmatch(path)
        if found and int(found[1]) < len(rows):
            key = f"conditions-{rows[int(found[1])]}" + (f"-{found[2]}" if found[2] else "-field")
        elif path in ("condition", "conditions") or path.startswith("condition."):
            key = "conditions"
        elif path in RULE_FIELDS:
            key = path
        else:
            key, message = "__all__", f"{path}: {message}"
        mapped[key] = f"{mapped[key]}; {message}" if key in mapped else message
    return mapped


def settings_from_form(form: SettingsForm) -> dict:
    """The settings dict for the engine from what was typed."""
    return {
        **{name: parse_number(getattr(form, name).data) for name in NUMBER_SETTINGS},
        "field_priority": split_list(form.field_priority.data),
        "decay_enabled": form.decay_enabled.data,
    }


def settings_form_data(settings: ScoringSettings) -> dict:
    return {**settings.to_dict(), "field_priority": ", ".join(settings.field_priority)}


def settings_errors(errors: dict[str, str]) -> dict[str, str]:
    """The engine's settings errors by form field; unknown settings under ``__all__``."""
    known = {*NUMBER_SETTINGS, "field_priority", "decay_enabled"}
    mapped = {key: message for key, message in errors.items() if key in known}
    others = [f"{key}: {message}" for key, message in errors.items() if key not in known]
    return mapped | ({"__all__": "; ".join(others)} if others else {})
