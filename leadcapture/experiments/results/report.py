"""All of an experiment's results at once (see the package docstring)."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from leadcapture.experiments.results.arms import Plan, plan_of
from leadcapture.experiments.results.exposed import Exposed, load_exposed
from leadcapture.experiments.results.metrics import (
    GuardrailResult,
    MetricResult,
    favoured_by_primary,
    guardrail_results,
    metric_result,
)
from leadcapture.experiments.results.segments import SegmentTable, segment_tables
from leadcapture.experiments.results.series import UpliftSeries, uplift_series
from leadcapture.experiments.stats import SrmResult, srm_check
from leadcapture.models import Experiment

NO_CONTROL = "The experiment has no control variant yet: there is nothing to compare."


@dataclass(frozen=True)
class ExperimentResults:
    """``exposed``: visitors per variant (the variants' order); ``note`` when nothing can be
    analysed (no control), then the other fields are empty; ``computed_at`` when kept
    (``recent.recent_results``)."""

    experiment: Experiment | None
    exposed: dict[str, int]
    srm: SrmResult | None = None
    primary: MetricResult | None = None
    guardrails: list[GuardrailResult] = field(default_factory=list)
    series: UpliftSeries | None = None
    segments: list[SegmentTable] = field(default_factory=list)
    favoured: str | None = None
    note: str | None = None
    computed_at: datetime | None = None

    @property
    def total_exposed(self) -> int:
        return sum(self.exposed.values())


def experiment_results(experiment: Experiment) -> ExperimentResults:
    """Everything the results page shows (see the package docstring)."""
    exposed = load_exposed(experiment.id)
    counts = {variant.key: int(exposed.of_variant(variant.key).sum()) for variant in experiment.variants}
    plan = _plan(experiment)
    if plan is None:
        return ExperimentResults(experiment, counts, note=NO_CONTROL)
    primary = metric_result(experiment, plan, exposed, experiment.primary_metric)
    guardrails = [metric for metric in experiment.guardrail_metrics if metric != experiment.primary_metric]
    return ExperimentResults(
        experiment,
        counts,
        srm=_srm(experiment, counts),
        primary=primary,
        guardrails=guardrail_results(experiment, plan, exposed, guardrails),
        series=_series(plan, exposed, primary),
        segments=segment_tables(plan, exposed, primary.values, primary.kind) if primary.analysis else [],
        favoured=favoured_by_primary(primary),
    )


def _plan(experiment: Experiment) -> Plan | None:
    return plan_of(experiment, current_app.config["EXPERIMENTS_PLANNED_VISITORS"])


def _srm(experiment: Experiment, counts: dict[str, int]) -> SrmResult | None:
    """The split against the current weights; None when no weight is set."""
    weights = [variant.weight for variant in experiment.variants]
    if sum(weights) <= 0 or any(weight < 0 for weight in weights):
        return None
    return srm_check(list(counts.values()), weights)


def _series(plan: Plan, exposed: Exposed, primary: MetricResult) -> UpliftSeries | None:
    if primary.analysis is None:
        return None
    return uplift_series(plan, exposed, primary.values, primary.kind)
