"""Bayesian comparison: chance that a variant beats control and the expected loss of choosing it.

Rates: Beta(1 + conversions, 1 + non-conversions) posteriors (uniform prior) and Evan Miller's closed
form ("Formulas for Bayesian A/B Testing", 2015)

    P(p_B > p_A) = Σ_{i=0}^{α_B - 1} B(α_A + i, β_A + β_B) / ((β_B + i) B(1 + i, β_B) B(α_A, β_A)),

summed in log space. The expected loss of choosing B, E[max(p_A - p_B, 0)], follows from it (Chris
Stucchio, "Bayesian A/B Testing at VWO", 2015): E[p_A 1{p_A > p_B}] = mean_A · P(X_{α_A+1, β_A} > p_B)
because a Beta's size-biased law is Beta(α + 1, β), likewise for p_B.

Means: a normal approximation, the difference of means ~ N(d, V) under a flat prior; chance
Φ(d / √V) and loss √V φ(d / √V) - d Φ(-d / √V).

Everything is closed form: deterministic, no sampling. Losses are in the metric's own units (rate
points for rates: 0.002 = 0.2 percentage points)."""

import math

import numpy as np


def _probability_greater(alpha_b: int, beta_b: int, alpha_a: int, beta_a: int) -> float:
    """P(X_B > X_A) for X ~ Beta(α, β) with whole-number α (Evan Miller's sum)."""
    from scipy import special  # loaded on use (tests/app/test_startup.py)

    if alpha_b > alpha_a:  # sum over the smaller α: P(B > A) = 1 - P(A > B)
        return 1.0 - _probability_greater(alpha_a, beta_a, alpha_b, beta_b)
    i = np.arange(alpha_b)
    log_terms = (
        special.betaln(alpha_a + i, beta_a + beta_b)
        - np.log(beta_b + i)
        - special.betaln(1 + i, beta_b)
        - special.betaln(alpha_a, beta_a)
    )
    return float(np.clip(np.exp(special.logsumexp(log_terms)), 0.0, 1.0))


def beta_chance_to_beat(conversions_t: int, exposed_t: int, conversions_c: int, exposed_c: int) -> float:
    """P(treatment's rate > control's) under uniform priors."""
    return _probability_greater(
        1 + conversions_t, 1 + exposed_t - conversions_t, 1 + conversions_c, 1 + exposed_c - conversions_c
    )


def beta_expected_loss(conversions_t: int, exposed_t: int, conversions_c: int, exposed_c: int) -> float:
    """E[max(rate_c - rate_t, 0)]: the rate expected to be lost by shipping the treatment."""
    alpha_t, beta_t = 1 + conversions_t, 1 + exposed_t - conversions_t
    alpha_c, beta_c = 1 + conversions_c, 1 + exposed_c - conversions_c
    mean_t, mean_c = alpha_t / (alpha_t + beta_t), alpha_c / (alpha_c + beta_c)
    loss = mean_c * _probability_greater(
        alpha_c + 1, beta_c, alpha_t, beta_t
    ) - mean_t * _probability_greater(alpha_c, beta_c, alpha_t + 1, beta_t)
    return max(loss, 0.0)


def normal_chance_and_loss(difference: float, variance: float) -> tuple[float, float]:
    """(P(effect > 0), E[max(-effect, 0)]) for an effect ~ N(difference, variance), variance > 0."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    sd = math.sqrt(variance)
    z = difference / sd
    chance = float(stats.norm.cdf(z))
    loss = sd * float(stats.norm.pdf(z)) - difference * float(stats.norm.sf(z))
    return chance, max(loss, 0.0)
