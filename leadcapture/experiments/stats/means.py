"""Means: the t interval of one arm and Welch's t test between two (unequal variances)."""

import math

import numpy as np

from leadcapture.experiments.stats.summary import Summary


def t_interval(summary: Summary, alpha: float) -> tuple[float, float]:
    """The Student t interval of an arm's mean at ``1 - alpha`` (needs ``n >= 2``); a point when every
    value is the same."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    if summary.variance == 0:
        return summary.mean, summary.mean
    low, high = stats.t.interval(
        1 - alpha, summary.n - 1, loc=summary.mean, scale=math.sqrt(summary.variance_of_mean)
    )
    return float(low), float(high)


def welch_p_value(a: Summary, b: Summary):
    """Two-sided p-value of Welch's t test (Welch 1947, Welch–Satterthwaite degrees of freedom).

    The summaries' fields may be arrays; ``a.variance_of_mean + b.variance_of_mean`` must be > 0."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    result = stats.ttest_ind_from_stats(
        a.mean, np.sqrt(a.variance), a.n, b.mean, np.sqrt(b.variance), b.n, equal_var=False
    )
    return result.pvalue
