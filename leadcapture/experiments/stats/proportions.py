"""Rates: the Wilson score interval of one arm and the two-proportion z test between two."""

import numpy as np


def wilson_interval(conversions: int, exposed: int, alpha: float) -> tuple[float, float]:
    """The Wilson score interval of ``conversions / exposed`` at ``1 - alpha`` (Wilson 1927; good near 0
    and 1, where the plain normal interval leaves [0, 1]). ``exposed`` must be at least 1."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    interval = stats.binomtest(conversions, exposed).proportion_ci(1 - alpha, method="wilson")
    return float(interval.low), float(interval.high)


def two_proportion_p_value(conversions_a, exposed_a, conversions_b, exposed_b):
    """Two-sided p-value of the textbook two-proportion z test (pooled proportion under the null).

    Arguments may be numpy arrays (one test per element). The pooled proportion must be strictly
    between 0 and 1 (some conversions and some non-conversions), else the test is undefined."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    rate_a = np.asarray(conversions_a) / exposed_a
    rate_b = np.asarray(conversions_b) / exposed_b
    pooled = (np.asarray(conversions_a) + conversions_b) / (np.asarray(exposed_a) + exposed_b)
    standard_error = np.sqrt(pooled * (1 - pooled) * (1 / np.asarray(exposed_a) + 1 / np.asarray(exposed_b)))
    return 2 * stats.norm.sf(np.abs(rate_a - rate_b) / standard_error)


def unpooled_z_p_value(difference, variance):
    """Two-sided p-value of a normal test of ``difference`` whose estimate has ``variance`` (> 0); the
    rate test on CUPED-adjusted values, which are no longer 0/1."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    return 2 * stats.norm.sf(np.abs(difference) / np.sqrt(variance))
