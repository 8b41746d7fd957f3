"""The alert rules' forms, one per kind (its fields prefixed with the kind, so all fit one page).

The forms refuse nothing themselves: thresholds stay text, and the rule's own validation
(``alerts.rules.save_rule``) says what is wrong with each field."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField

from leadcapture.alerts.kinds import KINDS
from leadcapture.alerts.rules import RuleSettings


@cache
def rule_form_class(kind: str) -> type[FlaskForm]:
    """The form class of ``kind``'s rule: on or off, its thresholds, its recipients."""
    fields = {"enabled": BooleanField("On")}
    fields |= {threshold.name: StringField(threshold.label) for threshold in KINDS[kind].thresholds}
    fields["recipients"] = TextAreaField("Also email to (addresses, separated by commas or lines)")
    return type(f"AlertRuleForm_{kind}", (FlaskForm,), fields)


def rule_form(rule: RuleSettings, formdata=None) -> FlaskForm:
    """``rule``'s form with its stored values, or with ``formdata`` (what was posted)."""
    data = {
        "enabled": rule.enabled,
        **{name: f"{value:g}" for name, value in rule.thresholds.items()},
        "recipients": "\n".join(rule.recipients),
    }
    return rule_form_class(rule.kind)(formdata=formdata, data=data, prefix=rule.kind)


def typed_thresholds(form: FlaskForm, kind: str) -> dict[str, str]:
    """The thresholds as typed into ``kind``'s form."""
    return {threshold.name: form[threshold.name].data or "" for threshold in KINDS[kind].thresholds}


def form_errors(kind: str, errors: dict[str, str]) -> dict[str, str]:
    """The rule's errors by form field name (``hot_lead-score``)."""
    return {f"{kind}-{name}": message for name, message in errors.items()}
