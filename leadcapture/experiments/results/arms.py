"""One metric's per-visitor values cut into the experiment's arms and analysed (``stats.analyse``),
for all exposed visitors or a slice of them (a segment, the visitors exposed up to a day)."""

from dataclasses import dataclass

import numpy as np

from leadcapture.experiments.results.exposed import Exposed
from leadcapture.experiments.stats import Arm, MetricAnalysis, analyse
from leadcapture.models import Experiment


@dataclass(frozen=True)
class Plan:
    """What every analysis of one experiment shares: its variants (control first), alpha and the
    visitors the sequential test is tuned for."""

    control: str
    variants: tuple[str, ...]
    alpha: float
    planned_visitors: int


def plan_of(experiment: Experiment, planned_visitors: int) -> Plan | None:
    """The experiment's plan; None without a control variant (a draft not finished)."""
    control = next((variant.key for variant in experiment.variants if variant.is_control), None)
    if control is None:
        return None
    others = tuple(variant.key for variant in experiment.variants if variant.key != control)
    return Plan(control, (control, *others), experiment.alpha, planned_visitors)


def analyse_values(
    plan: Plan, exposed: Exposed, values: np.ndarray, kind: str, mask: np.ndarray | None = None
) -> MetricAnalysis:
    """``values`` (one per exposed visitor; NaN: no value, left out) analysed by arm, CUPED on the
    visitors' tool uses before exposure; ``mask`` keeps a slice of the visitors."""
    kept = ~np.isnan(values) if mask is None else mask & ~np.isnan(values)
    arms = []
    for key in plan.variants:
        selected = kept & exposed.of_variant(key)
        arms.append(Arm(key, values[selected], exposed.pre_activity[selected]))
    return analyse(
        arms,
        kind,
        control=plan.control,
        alpha=plan.alpha,
        cuped=True,
        planned_visitors=plan.planned_visitors,
    )
