"""The relative uplift of a variant over control and its variance by the delta method.

uplift = (mean_t - mean_c) / |mean_c|; Var ≈ Var(mean_t) / mean_c² + mean_t² Var(mean_c) / mean_c⁴
(first-order Taylor expansion of the ratio of two independent means, as GrowthBook's and Statsig's
frequentist engines do for relative effects)."""

from dataclasses import dataclass

import numpy as np

from leadcapture.experiments.stats.summary import Summary


@dataclass(frozen=True)
class Uplift:
    """The relative uplift (0.2 = +20 %) and the variance of that estimate (fields may be arrays)."""

    estimate: float | np.ndarray
    variance: float | np.ndarray


def relative_uplift(treatment: Summary, control: Summary) -> Uplift:
    """The uplift of ``treatment`` over ``control``; ``control.mean`` must not be 0."""
    control_mean = np.abs(control.mean)
    estimate = (treatment.mean - control.mean) / control_mean
    variance = (
        treatment.variance_of_mean / control_mean**2
        + treatment.mean**2 * control.variance_of_mean / control_mean**4
    )
    return Uplift(estimate=estimate, variance=variance)


def fixed_interval(uplift: Uplift, alpha: float):
    """The fixed-horizon (normal) interval of the uplift at ``1 - alpha``: (low, high)."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    half_width = stats.norm.isf(alpha / 2) * np.sqrt(uplift.variance)
    return uplift.estimate - half_width, uplift.estimate + half_width
