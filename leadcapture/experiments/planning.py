"""The create form's sample-size calculator: how many visitors each variant needs, from what was typed.

Percentages come as text (the form's); the experiment's own alpha and number of variants plan the
test as it will be analysed (``stats.sample_size_per_variant``). Each error names its field:
``plan_baseline``, ``plan_uplift``, ``plan_power``, or ``alpha`` when the experiment's false-positive
rate is wrong.
"""

from collections.abc import Callable
from dataclasses import dataclass

from leadcapture.experiments.definition import alpha_checked, number_or_none
from leadcapture.experiments.stats import sample_size_per_variant

DEFAULT_POWER_PERCENT = 80
MIN_POWER_PERCENT = 50
# A plan past this many visitors per variant is no plan: the uplift asked for is too small to find.
MAX_VISITORS_PER_VARIANT = 10_000_000
MESSAGES = {
    "plan_baseline": "The baseline conversion rate is a percentage above 0 and below 100, e.g. 4.5.",
    "plan_uplift": "The uplift is a percentage above 0, e.g. 10 to find a rate 10 % higher.",
    "plan_power": f"Power is a percentage from {MIN_POWER_PERCENT} to below 100, e.g. 80.",
}


@dataclass(frozen=True)
class SamplePlan:
    """Visitors each of ``variants`` variants needs; ``total`` for them all."""

    per_variant: int
    variants: int

    @property
    def total(self) -> int:
        return self.per_variant * self.variants


def sample_plan(
    baseline: object, uplift: object, power: object, alpha: object, variants: int
) -> tuple[SamplePlan | None, dict[str, str]]:
    """Visitors per variant to detect a relative ``uplift`` (%) of a ``baseline`` rate (%) with
    ``power`` (%) at ``alpha``, over ``variants`` variants (at least 2 are planned for); or None
    and the errors by field."""
    errors: dict[str, str] = {}
    rate = _share(baseline, "plan_baseline", lambda n: 0 < n < 100, errors)
    lift = _share(uplift, "plan_uplift", lambda n: n > 0, errors)
    chance = _share(power, "plan_power", lambda n: MIN_POWER_PERCENT <= n < 100, errors)
    planned_alpha = alpha_checked(alpha, errors)
    if rate is not None and lift is not None and rate * (1 + lift) >= 1:
        errors["plan_uplift"] = f"An uplift of {lift * 100:g} % takes the rate to 100 % or more."
    if errors:
        return None, errors
    variants = max(variants, 2)
    # n > p (1 - p) / Δ² at any alpha and power allowed: checked first, as a tiny Δ² overflows.
    needed = None
    if rate * (1 - rate) <= MAX_VISITORS_PER_VARIANT * (rate * lift) ** 2:
        needed = sample_size_per_variant(rate, lift, planned_alpha, chance, variants)
    if needed is None or needed > MAX_VISITORS_PER_VARIANT:
        too_many = f"over {MAX_VISITORS_PER_VARIANT:,} visitors per variant"
        return None, {"plan_uplift": f"An uplift this small needs {too_many}: plan for a larger one."}
    return SamplePlan(needed, variants), {}


def _share(value: object, name: str, accept: Callable[[float], bool], errors: dict[str, str]) -> float | None:
    """A percentage ``accept`` takes, as a share; else None, with the field's message in ``errors``."""
    number = number_or_none(value)
    if number is None or not accept(number):
        errors[name] = MESSAGES[name]
        return None
    return number / 100
