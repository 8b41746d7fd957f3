"""The primary metric with each variant's verdict, and the guardrails with Holm-adjusted p-values."""

from dataclasses import dataclass, field

import numpy as np

from leadcapture.experiments.results.arms import Plan, analyse_values
from leadcapture.experiments.results.exposed import Exposed
from leadcapture.experiments.results.outcomes import metric_kind, metric_values
from leadcapture.experiments.results.verdict import Verdict, verdict
from leadcapture.experiments.stats import MetricAnalysis, holm
from leadcapture.models import Experiment

NO_SCORE_GOAL = "not measured: the experiment has no score goal"


@dataclass(frozen=True)
class MetricResult:
    """One metric's analysis (None with ``note`` when it cannot be measured) and the per-visitor
    ``values`` it came from (for the series and the segments)."""

    metric: str
    kind: str
    analysis: MetricAnalysis | None
    values: np.ndarray | None = field(repr=False, default=None)
    note: str | None = None
    verdicts: dict[str, Verdict] = field(default_factory=dict)


@dataclass(frozen=True)
class GuardrailResult(MetricResult):
    """A guardrail, with each variant's sequential p-value Holm-adjusted across the guardrails and
    whether it is significantly worse than control after that adjustment (``harmed``)."""

    adjusted_p: dict[str, float | None] = field(default_factory=dict)
    harmed: dict[str, bool] = field(default_factory=dict)


def metric_result(experiment: Experiment, plan: Plan, exposed: Exposed, metric: str) -> MetricResult:
    """``metric`` measured on every exposed visitor and analysed, each variant with its verdict."""
    kind, values = metric_kind(metric), metric_values(experiment, exposed, metric)
    if values is None:
        return MetricResult(metric, kind, None, note=NO_SCORE_GOAL)
    analysis = analyse_values(plan, exposed, values, kind)
    verdicts = {arm.key: verdict(arm, plan.control, metric, plan.alpha) for arm in analysis.arms[1:]}
    return MetricResult(metric, kind, analysis, values, verdicts=verdicts)


def guardrail_results(
    experiment: Experiment, plan: Plan, exposed: Exposed, metrics: list[str]
) -> list[GuardrailResult]:
    """Each guardrail's analysis; per variant, the always-valid p-values of all guardrails adjusted
    together with Holm (any of them falsely alarming stays under alpha)."""
    results = [metric_result(experiment, plan, exposed, metric) for metric in metrics]
    adjusted: list[dict[str, float | None]] = [{} for _ in results]
    for key in plan.variants[1:]:
        measured = {n: p for n, result in enumerate(results) if (p := _sequential_p(result, key)) is not None}
        if measured:
            for n, value in zip(measured, holm(list(measured.values())), strict=True):
                adjusted[n][key] = value
    guardrails = []
    for result, adjusted_p in zip(results, adjusted, strict=True):
        harmed = {key: _harmed(result, key, adjusted_p.get(key), plan.alpha) for key in plan.variants[1:]}
        guardrails.append(GuardrailResult(**vars(result), adjusted_p=adjusted_p, harmed=harmed))
    return guardrails


def favoured_by_primary(primary: MetricResult) -> str | None:
    """The variant to ship by the primary metric: the best one significantly better than control;
    control when every variant is significantly worse; None while nothing is clear."""
    outcomes = {key: found.outcome for key, found in primary.verdicts.items()}
    winners = (
        [arm for arm in primary.analysis.arms[1:] if outcomes[arm.key] == "better"]
        if primary.analysis
        else []
    )
    if winners:
        return max(winners, key=lambda arm: arm.uplift).key
    if outcomes and all(outcome == "worse" for outcome in outcomes.values()):
        return primary.analysis.control
    return None


def _sequential_p(result: MetricResult, key: str) -> float | None:
    arm = _arm(result, key)
    return arm.sequential_p_value if arm else None


def _harmed(result: MetricResult, key: str, adjusted_p: float | None, alpha: float) -> bool:
    arm = _arm(result, key)
    return adjusted_p is not None and adjusted_p < alpha and arm.uplift is not None and arm.uplift < 0


def _arm(result: MetricResult, key: str):
    if result.analysis is None:
        return None
    return next(arm for arm in result.analysis.arms if arm.key == key)
