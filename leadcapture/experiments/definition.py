"""An experiment as typed into a form or given by code, and the checks that refuse what is wrong.

Numbers may come as text (a form's) or as numbers; each error names its field: the experiment's
own (``key``, ``alpha``…), ``variants`` for the set of variants, ``variants-<i>-<field>`` for a
variant's field or setting (``variants-1-weight``, ``variants-1-headline``), as the admin's form
names its inputs.
"""

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from leadcapture.experiments.changes import changes_errors, target_error
from leadcapture.models.experiments import AUDIENCE_VISITORS, EXPERIMENT_METRICS
from leadcapture.tracking.useragent import DEVICE_TYPES

KEY_PATTERN = re.compile(r"[a-z0-9_-]{1,64}")
KEY_RULE = "1 to 64 of a-z, 0-9, _ and -"
MAX_NAME = 200
MAX_HYPOTHESIS = 2000
MAX_CAMPAIGN = 255
MAX_ALPHA = 0.2
# Weights are percentages; a sum this close to 100 is 100 (33.33 + 33.33 + 33.34).
WEIGHT_TOLERANCE = 1e-6


@dataclass(frozen=True)
class VariantInput:
    key: str
    name: str = ""
    weight: object = 0  # a percentage of the enrolled traffic (number or text)
    is_control: bool = False
    changes: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ExperimentInput:
    key: str
    name: str
    target: str
    primary_metric: str
    hypothesis: str = ""
    guardrail_metrics: list[str] = field(default_factory=list)
    score_goal: object = None  # needed with score_reached: 0 to 100 (number or text)
    alpha: object = 0.05
    audience_campaigns: list[str] = field(default_factory=list)
    audience_devices: list[str] = field(default_factory=list)
    audience_visitors: str = "all"
    traffic_percent: object = 100
    variants: list[VariantInput] = field(default_factory=list)


@dataclass(frozen=True)
class Definition:
    """A checked ``ExperimentInput``: text trimmed, numbers typed."""

    key: str
    name: str
    hypothesis: str
    target: str
    primary_metric: str
    guardrail_metrics: list[str]
    score_goal: int | None
    alpha: float
    audience_campaigns: list[str]
    audience_devices: list[str]
    audience_visitors: str
    traffic_percent: int
    variants: list[dict]  # ExperimentVariant's columns but the experiment


def checked(values: ExperimentInput) -> tuple[Definition | None, dict[str, str]]:
    """``values`` checked: the definition, or None and the errors by field."""
    errors: dict[str, str] = {}
    key = values.key.strip()
    if not KEY_PATTERN.fullmatch(key):
        errors["key"] = f"The key is {KEY_RULE}."
    name = values.name.strip()
    if not name or len(name) > MAX_NAME:
        errors["name"] = f"Give a name of 1 to {MAX_NAME} characters."
    hypothesis = values.hypothesis.strip()
    if len(hypothesis) > MAX_HYPOTHESIS:
        errors["hypothesis"] = f"A hypothesis can be at most {MAX_HYPOTHESIS} characters."
    if error := target_error(values.target):
        errors["target"] = f"The target {error}."
    guardrails = _metrics(values.primary_metric, values.guardrail_metrics, errors)
    uses_score = "score_reached" in (values.primary_metric, *guardrails)
    score_goal = _whole(values.score_goal, 0, 100, "score_goal", errors, required=uses_score)
    alpha = alpha_checked(values.alpha, errors)
    campaigns = _campaigns(values.audience_campaigns, errors)
    if not set(values.audience_devices) <= set(DEVICE_TYPES):
        errors["audience_devices"] = f"Devices are some of {', '.join(DEVICE_TYPES)}."
    if values.audience_visitors not in AUDIENCE_VISITORS:
        errors["audience_visitors"] = f"Visitors are one of {', '.join(AUDIENCE_VISITORS)}."
    traffic = _whole(values.traffic_percent, 1, 100, "traffic_percent", errors, required=True)
    variants = variants_checked(values.target, values.variants, errors)
    if errors:
        return None, errors
    definition = Definition(
        key=key,
        name=name,
        hypothesis=hypothesis,
        target=values.target,
        primary_metric=values.primary_metric,
        guardrail_metrics=guardrails,
        score_goal=score_goal if uses_score else None,
        alpha=alpha,
        audience_campaigns=campaigns,
        audience_devices=[device for device in DEVICE_TYPES if device in values.audience_devices],
        audience_visitors=values.audience_visitors,
        traffic_percent=traffic,
        variants=variants,
    )
    return definition, {}


def variants_checked(target: str, variants: list[VariantInput], errors: dict[str, str]) -> list[dict]:
    """The variants' columns; their errors added to ``errors``. A draft may have fewer than two
    (``start_errors`` wants two), but those it has make a whole: one control, weights summing to 100."""
    rows, keys, weighed = [], set(), True
    for index, variant in enumerate(variants):
        prefix = f"variants-{index}-"
        key = variant.key.strip()
        if not KEY_PATTERN.fullmatch(key):
            errors[prefix + "key"] = f"A variant's key is {KEY_RULE}."
        elif key in keys:
            errors[prefix + "key"] = f"Another variant has the key {key}."
        keys.add(key)
        if len(variant.name.strip()) > MAX_NAME:
            errors[prefix + "name"] = f"A variant's name can be at most {MAX_NAME} characters."
        weight = number_or_none(variant.weight)
        if weight is None or weight <= 0:
            errors[prefix + "weight"] = "The weight is a percentage above 0."
            weighed = False
        # Against an unknown target the settings mean nothing: the target's own error says so.
        for setting, error in (
            {} if target_error(target) else changes_errors(target, variant.changes)
        ).items():
            errors[prefix + setting] = f"{setting} {error}."
        rows.append(
            {
                "key": key,
                "name": variant.name.strip(),
                "position": index,
                "weight": weight,
                "is_control": bool(variant.is_control),
                "changes": dict(variant.changes),
            }
        )
    if rows and weighed and (error := weights_error([row["weight"] for row in rows])):
        errors["variants"] = error
    if rows and sum(row["is_control"] for row in rows) != 1:
        errors.setdefault("variants", "Mark exactly one variant as the control.")
    return rows


def weights_error(weights: list[float]) -> str | None:
    """Why these weights cannot split the traffic, or None."""
    total = sum(weights)
    if abs(total - 100) > WEIGHT_TOLERANCE:
        return f"The weights must sum to 100; they sum to {total:g}."
    return None


def _metrics(primary: str, guardrails: list[str], errors: dict[str, str]) -> list[str]:
    known = ", ".join(EXPERIMENT_METRICS)
    if primary not in EXPERIMENT_METRICS:
        errors["primary_metric"] = f"Choose the primary metric among {known}."
    unknown = [metric for metric in guardrails if metric not in EXPERIMENT_METRICS]
    if unknown:
        errors["guardrail_metrics"] = f"Unknown metric {unknown[0]}: guardrails are some of {known}."
    elif primary in guardrails:
        errors["guardrail_metrics"] = f"{primary} is the primary metric; a guardrail is another one."
    return [metric for metric in EXPERIMENT_METRICS if metric in guardrails]


def alpha_checked(value: object, errors: dict[str, str]) -> float:
    """``value`` as the false-positive rate; a wrong one adds its error (``alpha``) and gives 0."""
    alpha = number_or_none(value)
    if alpha is None or not 0 < alpha <= MAX_ALPHA:
        errors["alpha"] = f"The false-positive rate (alpha) is above 0 and at most {MAX_ALPHA:g}, e.g. 0.05."
        return 0.0
    return alpha


def _campaigns(campaigns: list[str], errors: dict[str, str]) -> list[str]:
    cleaned = list(dict.fromkeys(campaign.strip() for campaign in campaigns if campaign.strip()))
    if any(len(campaign) > MAX_CAMPAIGN for campaign in cleaned):
        errors["audience_campaigns"] = f"A campaign is at most {MAX_CAMPAIGN} characters."
    return cleaned


def _whole(
    value: object, low: int, high: int, name: str, errors: dict[str, str], required: bool
) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors[name] = f"Required here: a whole number from {low} to {high}."
        return None
    number = number_or_none(value)
    if number is None or number != int(number) or not low <= number <= high:
        errors[name] = f"A whole number from {low} to {high}."
        return None
    return int(number)


def number_or_none(value: object) -> float | None:
    """A finite number from a number or its text, or None."""
    if isinstance(value, bool):
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
