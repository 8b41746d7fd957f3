"""Always-valid inference: the normal-mixture mSPRT and its confidence sequence.

Johari, Koomen, Pekelis & Walsh, "Peeking at A/B Tests" (KDD 2017) and Johari, Pekelis & Walsh,
"Always Valid Inference" (arXiv:1512.04922): with an estimate ``d`` of the effect whose variance is
``V`` and a normal mixing distribution N(0, τ²) over the effect, the mixture likelihood ratio against
"no effect" is

    Λ = sqrt(V / (V + τ²)) · exp(τ² d² / (2 V (V + τ²))),

and ``min(1, 1/Λ)`` is an always-valid p-value: by Ville's inequality the chance that it ever drops
below alpha, however often one looks, is at most alpha (computed from the data of this look; the
running minimum over past looks, which a results chart may show, is just as valid). Inverting it
gives the confidence sequence

    d ± sqrt(V (V + τ²) / τ² · (2 log(1/alpha) + log((V + τ²) / V))),

the normal-mixture boundary of Howard, Ramdas, McAuliffe & Sekhon, "Time-uniform, nonparametric,
nonasymptotic confidence sequences" (Ann. Statist. 2021), used with the estimated variance as in
Waudby-Smith et al., "Time-uniform central limit theory" (arXiv:2103.06476, eq. 9; GrowthBook's
sequential engine). τ² = V · N · η², with N the visitors in both arms: the mixture is fixed per
visitor, and η² = (2 log(1/alpha) + log(2 log(1/alpha) + 1)) / N* makes the sequence narrowest when
N reaches the planned N* visitors (the tuning of Howard et al. that GrowthBook uses).
"""

import math

import numpy as np

# The visitors (both arms together) at which the sequence is tuned to be narrowest when the caller
# has no plan; GrowthBook's default tuning parameter.
DEFAULT_PLANNED_VISITORS = 5000


def mixture_ratio(visitors, alpha: float, planned_visitors: int):
    """τ² / V for ``visitors`` in both arms (arrays welcome)."""
    log_term = -2 * math.log(alpha)
    eta_squared = (log_term + math.log(log_term + 1)) / planned_visitors
    return np.asarray(visitors) * eta_squared


def sequential_p_value(estimate, variance, visitors, alpha: float, planned_visitors: int):
    """The mSPRT always-valid p-value of ``estimate`` (variance ``variance`` > 0) against 0."""
    ratio = mixture_ratio(visitors, alpha, planned_visitors)
    z_squared = np.asarray(estimate) ** 2 / variance
    log_likelihood_ratio = ratio / (1 + ratio) * z_squared / 2 - np.log1p(ratio) / 2
    return np.exp(-np.maximum(log_likelihood_ratio, 0.0))


def sequential_interval(estimate, variance, visitors, alpha: float, planned_visitors: int):
    """The confidence sequence's interval for the effect at this look: (low, high)."""
    ratio = mixture_ratio(visitors, alpha, planned_visitors)
    half_width = np.sqrt(variance * (1 + ratio) / ratio * (2 * math.log(1 / alpha) + np.log1p(ratio)))
    return estimate - half_width, estimate + half_width
