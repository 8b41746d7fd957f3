"""The experiment forms: the definition with a row per variant (the row's settings are those its
target's kind can change), and the weights of a started experiment. They refuse nothing
themselves: ``experiments.definition`` names what is wrong with each field, by the inputs' names."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.widgets import CheckboxInput, ListWidget

from leadcapture.experiments.changes import CHANGES, RESULT_LAYOUTS, every_target, target_error, target_kind
from leadcapture.experiments.definition import ExperimentInput, VariantInput
from leadcapture.experiments.planning import DEFAULT_POWER_PERCENT, SamplePlan, sample_plan
from leadcapture.models.experiments import AUDIENCE_VISITORS, EXPERIMENT_METRICS, Experiment
from leadcapture.scoring.vocabulary import CONTACT_FIELDS
from leadcapture.tracking.useragent import DEVICE_TYPES

MIN_ROWS = 2
METRIC_LABELS = {
    "form_submitted": "Contact form submitted",
    "lead_created": "Lead created",
    "booking_made": "Booking made",
    "feedback_rating": "Feedback rating (mean)",
    "score_reached": "Score reached (the score goal)",
}
SETTING_LABELS = {
    "cta_copy": "Call to action's text",
    "layout": "Result layout",
    "fields": f"Fields asked, in order (comma-separated: {', '.join(CONTACT_FIELDS)})",
    "max_fields": "How many fields at once",
    "threshold": "Score from which the form is offered (0-100)",
    "headline": "Form headline",
    "button": "Form button text",
    "message": "Prompt message",
}
PLAN_FIELDS = ("plan_baseline", "plan_uplift", "plan_power")
LIST_SETTINGS = ("fields",)
WHOLE_SETTINGS = ("max_fields", "threshold")


def _checkboxes(label: str, choices: list[SelectChoice]) -> SelectMultipleField:
    return SelectMultipleField(
        label,
        choices=choices,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


def _setting_field(setting: str):
    label = f"{SETTING_LABELS[setting]} (empty: unchanged)"
    if setting == "layout":
        layouts = [SelectChoice(name, name) for name in RESULT_LAYOUTS]
        return SelectField(label, choices=[SelectChoice("", "unchanged"), *layouts], validate_choice=False)
    return StringField(label)


@cache
def variant_row_class(kind: str) -> type[Form]:
    """A variant's row: key, name, weight, control, then the settings ``kind`` can change."""
    fields = {
        "key": StringField("Variant key (empty: row left out)"),
        "name": StringField("Variant name"),
        "weight": StringField("Weight (% of the enrolled traffic)"),
        "control": BooleanField("Control (the site as it is)"),
    }
    fields |= {setting: _setting_field(setting) for setting in CHANGES[kind]}
    return type(f"VariantRow_{kind}", (Form,), fields)


@cache
def experiment_form_class(kind: str) -> type[FlaskForm]:
    """The definition form whose variant rows have ``kind``'s settings."""
    metrics = [SelectChoice(metric, METRIC_LABELS[metric]) for metric in EXPERIMENT_METRICS]
    fields = {
        "key": StringField("Experiment key (a-z, 0-9, _ and -; fixed once started)"),
        "name": StringField("Name"),
        "hypothesis": TextAreaField("Hypothesis"),
        "target": SelectField("Target", choices=every_target(), validate_choice=False),
        "shown_target": HiddenField(),
        "primary_metric": SelectField(
            "Primary metric", choices=[SelectChoice("", "Choose…"), *metrics], validate_choice=False
        ),
        "guardrail_metrics": _checkboxes("Guardrail metrics", metrics),
        "score_goal": StringField("Score goal (0-100, for Score reached)"),
        "alpha": StringField("False-positive rate (alpha, at most 0.2)"),
        "audience_campaigns": StringField("Campaigns (comma-separated; empty: all)"),
        "audience_devices": _checkboxes(
            "Devices (none ticked: all)", [SelectChoice(d, d) for d in DEVICE_TYPES]
        ),
        "audience_visitors": SelectField("Visitors", choices=AUDIENCE_VISITORS, validate_choice=False),
        "traffic_percent": StringField("Traffic (% of eligible visitors enrolled)"),
        "variants": FieldList(FormField(variant_row_class(kind)), min_entries=MIN_ROWS),
        # The sample-size calculator's inputs (never saved).
        "plan_baseline": StringField("Baseline conversion rate (%)"),
        "plan_uplift": StringField("Minimum detectable uplift (relative %)"),
        "plan_power": StringField("Power (%)"),
    }
    return type(f"ExperimentForm_{kind}", (FlaskForm,), {**fields, "kind": kind})


class WeightRow(Form):
    weight = StringField("Weight (%)")


class WeightsForm(FlaskForm):
    variants = FieldList(FormField(WeightRow))


def experiment_form(target: str, values: ExperimentInput | None, formdata=None) -> FlaskForm:
    """The definition form for ``target``, with ``values`` (None: a new experiment) or what was posted."""
    if target_error(target):
        target = every_target()[0]
    data = {"alpha": "0.05", "traffic_percent": "100", "audience_visitors": "all", "target": target}
    if values is not None:
        data = _form_data(values)
    data |= {"shown_target": target, "plan_power": str(DEFAULT_POWER_PERCENT)}
    return experiment_form_class(target_kind(target))(formdata=formdata, data=data)


def settings_fields(form: FlaskForm) -> list:
    """The definition's own fields (not the variant rows, the hidden ones nor the calculator's), in order."""
    hidden = ("FieldList", "HiddenField", "CSRFTokenField")
    return [field for field in form if field.type not in hidden and field.name not in PLAN_FIELDS]


def plan_fields(form: FlaskForm) -> list:
    """The sample-size calculator's inputs."""
    return [form[name] for name in PLAN_FIELDS]


def sample_plan_of(form: FlaskForm) -> tuple[SamplePlan | None, dict[str, str]]:
    """The calculator's answer for what the form holds: its alpha, its variant rows with a key."""
    keyed = sum(1 for row in form.variants if (row.form.key.data or "").strip())
    typed = (form[name].data for name in PLAN_FIELDS)
    return sample_plan(*typed, alpha=form.alpha.data, variants=keyed)


def experiment_input(form: FlaskForm) -> ExperimentInput:
    """What was typed into the definition form; rows without a key are left out."""
    return ExperimentInput(
        key=form.key.data or "",
        name=form.name.data or "",
        hypothesis=form.hypothesis.data or "",
        target=form.target.data or "",
        primary_metric=form.primary_metric.data or "",
        guardrail_metrics=list(form.guardrail_metrics.data or []),
        score_goal=form.score_goal.data,
        alpha=form.alpha.data,
        audience_campaigns=_listed(form.audience_campaigns.data),
        audience_devices=list(form.audience_devices.data or []),
        audience_visitors=form.audience_visitors.data or "",
        traffic_percent=form.traffic_percent.data,
        variants=[
            _variant(row.form, form.kind) for row in form.variants if (row.form.key.data or "").strip()
        ],
    )


def weights_form(experiment: Experiment, formdata=None) -> WeightsForm:
    """The weights of ``experiment``'s variants, each row labelled with its variant."""
    rows = [{"weight": _text(variant.weight)} for variant in experiment.variants]
    form = WeightsForm(formdata=formdata, data={"variants": rows})
    for row, variant in zip(form.variants, experiment.variants, strict=False):
        row.form.weight.label.text = f"Weight of {variant.key} (%)"
    return form


def typed_weights(form: WeightsForm, experiment: Experiment) -> dict[str, str]:
    """Variant key → the weight typed for it."""
    typed = [row.form.weight.data or "" for row in form.variants]
    return {variant.key: weight for variant, weight in zip(experiment.variants, typed, strict=False)}


def _variant(row: Form, kind: str) -> VariantInput:
    changes = {}
    for setting in CHANGES[kind]:
        text = (row[setting].data or "").strip()
        if text:
            changes[setting] = _typed_setting(setting, text)
    return VariantInput(
        row.key.data or "", row.name.data or "", row.weight.data, bool(row.control.data), changes
    )


def _typed_setting(setting: str, text: str) -> object:
    """A setting's value from its text (a whole number or a list where the setting wants one; text
    that is not a number stays text, for the check to refuse with its message)."""
    if setting in LIST_SETTINGS:
        return _listed(text)
    if setting in WHOLE_SETTINGS and text.lstrip("-").isdigit():
        return int(text)
    return text


def _listed(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _form_data(values: ExperimentInput) -> dict:
    return {
        "key": values.key,
        "name": values.name,
        "hypothesis": values.hypothesis,
        "target": values.target,
        "primary_metric": values.primary_metric,
        "guardrail_metrics": values.guardrail_metrics,
        "score_goal": _text(values.score_goal),
        "alpha": _text(values.alpha),
        "audience_campaigns": ", ".join(values.audience_campaigns),
        "audience_devices": values.audience_devices,
        "audience_visitors": values.audience_visitors,
        "traffic_percent": _text(values.traffic_percent),
        "variants": [_row_data(variant) for variant in values.variants],
    }


def _row_data(variant: VariantInput) -> dict:
    changes = {
        setting: ", ".join(value) if isinstance(value, list) else str(value)
        for setting, value in variant.changes.items()
    }
    return {
        "key": variant.key,
        "name": variant.name,
        "weight": _text(variant.weight),
        "control": variant.is_control,
        **changes,
    }


def _text(value: object) -> str:
    """A value as its form shows it (a stored float without a needless ".0")."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)
