"""``analyse``: one metric's arms in, each arm's figures and its comparison with control out."""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from leadcapture.experiments.stats.compare import compare
from leadcapture.experiments.stats.cuped import cuped_adjust, cuped_theta
from leadcapture.experiments.stats.means import t_interval
from leadcapture.experiments.stats.proportions import wilson_interval
from leadcapture.experiments.stats.results import NOT_ENOUGH_DATA, Arm, ArmResult, Comparison, MetricAnalysis
from leadcapture.experiments.stats.sequential import DEFAULT_PLANNED_VISITORS
from leadcapture.experiments.stats.summary import Summary, summarise

KINDS = ("rate", "mean")


def analyse(
    arms: Sequence[Arm],
    kind: str,
    control: str,
    alpha: float = 0.05,
    cuped: bool = True,
    planned_visitors: int = DEFAULT_PLANNED_VISITORS,
) -> MetricAnalysis:
    """Analyse one metric (see the package docstring). Raises ValueError for calls that are wrong
    whatever the data (unknown kind or control, duplicate keys, rate values other than 0/1, ...);
    thin data never raises: the fields it cannot give are None and ``note`` says so."""
    _check(arms, kind, control, alpha, planned_visitors)
    ordered = sorted(arms, key=lambda arm: arm.key != control)  # stable: control first, then as given
    values = [np.asarray(arm.values, dtype=float).ravel() for arm in ordered]
    raw = [summarise(arm_values, 0 if kind == "rate" else 1) for arm_values in values]
    covariates = [arm.covariate for arm in ordered]
    adjusted = cuped and len(values) > 1 and all(covariate is not None for covariate in covariates)
    tested, theta = _cuped_summaries(values, covariates) if adjusted else (raw, None)
    results = [_arm_result(ordered[0].key, values[0], raw[0], kind, alpha, Comparison())]
    for index in range(1, len(ordered)):
        pairs = (raw[index], raw[0]), (tested[index], tested[0])
        comparison = compare(*pairs, kind, adjusted, alpha, planned_visitors)
        results.append(_arm_result(ordered[index].key, values[index], raw[index], kind, alpha, comparison))
    return MetricAnalysis(
        kind=kind, control=control, alpha=alpha, arms=results, cuped=adjusted, cuped_theta=theta
    )


def _cuped_summaries(values: list[np.ndarray], covariates: list[np.ndarray]) -> tuple[list[Summary], float]:
    """Each arm's CUPED-adjusted summary, θ from the arms pooled, and θ."""
    pooled_values = np.concatenate(values)
    pooled_covariates = np.concatenate(
        [np.asarray(covariate, dtype=float).ravel() for covariate in covariates]
    )
    adjusted = cuped_adjust(pooled_values, pooled_covariates)
    pieces = np.split(adjusted, np.cumsum([len(arm_values) for arm_values in values])[:-1])
    return [summarise(piece, 1) for piece in pieces], cuped_theta(pooled_values, pooled_covariates)


def _arm_result(
    key: str, values: np.ndarray, summary: Summary, kind: str, alpha: float, comparison: Comparison
) -> ArmResult:
    """The arm's own figures (its interval: Wilson for a rate, t for a mean) with ``comparison``."""
    exposed = len(values)
    interval = None
    if kind == "rate" and exposed:
        interval = wilson_interval(round(float(values.sum())), exposed, alpha)
    elif kind == "mean" and exposed >= 2:
        interval = t_interval(summary, alpha)
    if interval is None:
        comparison = replace(comparison, note=comparison.note or NOT_ENOUGH_DATA)
    low, high = interval or (None, None)
    return ArmResult(
        key=key,
        exposed=exposed,
        total=float(values.sum()),
        mean=summary.mean if exposed else None,
        ci_low=low,
        ci_high=high,
        **vars(comparison),
    )


def _check(arms: Sequence[Arm], kind: str, control: str, alpha: float, planned_visitors: int) -> None:
    """The checks that do not depend on how much data there is."""
    keys = [arm.key for arm in arms]
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    if control not in keys or len(set(keys)) != len(keys):
        raise ValueError("arms need distinct keys, one of them the control")
    if not 0 < alpha < 1 or planned_visitors < 1:
        raise ValueError("alpha must be between 0 and 1 and planned_visitors positive")
    for arm in arms:
        arm_values = np.asarray(arm.values, dtype=float).ravel()
        if not np.isfinite(arm_values).all() or (kind == "rate" and not np.isin(arm_values, (0, 1)).all()):
            raise ValueError(f"{arm.key}: values must be finite numbers, 0 or 1 for a rate")
        covariate = arm.covariate
        if covariate is not None and (
            np.shape(covariate) != arm_values.shape or not np.isfinite(covariate).all()
        ):
            raise ValueError(f"{arm.key}: the covariate needs one finite number per visitor")
