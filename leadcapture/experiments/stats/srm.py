"""Sample-ratio mismatch: are the exposures split as planned?

A chi-square goodness-of-fit test of the observed exposures per variant against the planned weights
(Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments", 2020, ch. 3 and 21; Fabijan et al.,
"Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019). A p-value below the
threshold (0.001 by convention, as the test runs on every look) means the assignment or the exposure
logging is broken: the experiment's results cannot be trusted."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SRM_THRESHOLD = 0.001


@dataclass(frozen=True)
class SrmResult:
    """The chi-square statistic, its p-value and whether it is below the threshold."""

    chi2: float
    p_value: float
    flagged: bool


def srm_check(
    observed: Sequence[int], weights: Sequence[float], threshold: float = SRM_THRESHOLD
) -> SrmResult:
    """Test ``observed`` exposures against ``weights`` (any positive scale, same order).

    No exposures, or a single variant with a weight, is no evidence of a mismatch. A variant planned
    at weight 0 that has exposures is a mismatch whatever the others say (chi2 is infinite)."""
    from scipy import stats  # loaded on use (tests/app/test_startup.py)

    counts, planned = np.asarray(observed, dtype=float), np.asarray(weights, dtype=float)
    if counts.shape != planned.shape or (planned < 0).any() or planned.sum() <= 0:
        raise ValueError("observed and weights need the same length and weights a positive sum")
    if counts[planned == 0].sum() > 0:
        return SrmResult(chi2=math.inf, p_value=0.0, flagged=True)
    counts, planned = counts[planned > 0], planned[planned > 0]
    total = counts.sum()
    if total == 0 or len(counts) < 2:
        return SrmResult(chi2=0.0, p_value=1.0, flagged=False)
    chi2, p_value = stats.chisquare(counts, f_exp=total * planned / planned.sum())
    return SrmResult(chi2=float(chi2), p_value=float(p_value), flagged=bool(p_value < threshold))
