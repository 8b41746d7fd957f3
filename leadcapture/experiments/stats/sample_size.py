"""How many visitors each variant needs to detect an uplift of a rate.

Two-sided two-proportion z test, the formula of Evan Miller's sample-size calculator
(evanmiller.org/ab-testing/sample-size.html):

    n = (z_{1-α/2} √(2 p (1 - p)) + z_{power} √(p (1 - p) + q (1 - q)))² / (q - p)²,

with p the baseline rate and q = p (1 + relative uplift). With more than two variants every
variant is compared with control, so α is split among the ``variants - 1`` comparisons
(Bonferroni): the answer keeps the chance of any false winner at α."""

import math


def sample_size_per_variant(
    baseline_rate: float, relative_uplift: float, alpha: float = 0.05, power: float = 0.8, variants: int = 2
) -> int:
    """Visitors per variant (control included), rounded up. Raises ValueError for a baseline outside
    (0, 1), an uplift of 0 or one taking the rate outside (0, 1), alpha or power outside (0, 1), or
    fewer than 2 variants."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    target = baseline_rate * (1 + relative_uplift)
    if not 0 < baseline_rate < 1 or relative_uplift == 0 or not 0 < target < 1:
        raise ValueError("the baseline and the uplifted rate must be between 0 and 1 and differ")
    if not 0 < alpha < 1 or not 0 < power < 1 or variants < 2:
        raise ValueError("alpha and power must be between 0 and 1, with at least 2 variants")
    z_alpha = stats.norm.isf(alpha / (variants - 1) / 2)
    z_power = stats.norm.ppf(power)
    spread_null = math.sqrt(2 * baseline_rate * (1 - baseline_rate))
    spread_alternative = math.sqrt(baseline_rate * (1 - baseline_rate) + target * (1 - target))
    n = (z_alpha * spread_null + z_power * spread_alternative) ** 2 / (target - baseline_rate) ** 2
    return math.ceil(n)
