"""CUPED: variance reduction with each visitor's pre-exposure activity.

Deng, Xu, Kohavi & Walker, "Improving the Sensitivity of Online Controlled Experiments by Utilizing
Pre-Experiment Data" (WSDM 2013): Y' = Y - θ (X - mean X) with θ = Cov(Y, X) / Var(X) from all arms
pooled. X is measured before exposure, so randomisation keeps its mean equal across arms: each arm's
adjusted mean estimates the same quantity as its raw mean, and the variance shrinks by the factor
1 - corr(Y, X)²."""

import numpy as np


def cuped_theta(values: np.ndarray, covariate: np.ndarray) -> float:
    """θ = Cov(Y, X) / Var(X); 0 when the covariate does not vary (nothing to adjust by)."""
    if len(values) < 2:
        return 0.0
    variance = float(np.var(covariate))
    if variance == 0:
        return 0.0
    return float(np.mean((values - values.mean()) * (covariate - covariate.mean())) / variance)


def cuped_adjust(values: np.ndarray, covariate: np.ndarray) -> np.ndarray:
    """The adjusted values of every visitor of every arm (pass the arms pooled, same order in both)."""
    values, covariate = np.asarray(values, dtype=float), np.asarray(covariate, dtype=float)
    if values.shape != covariate.shape:
        raise ValueError("values and covariate need one number per visitor each")
    if len(values) == 0:
        return values
    return values - cuped_theta(values, covariate) * (covariate - covariate.mean())
