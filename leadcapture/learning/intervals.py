"""Outcome rates with their Wilson interval, and the ratio of two rates with Katz's log interval."""

import math
from dataclasses import dataclass

from leadcapture.experiments.stats.proportions import wilson_interval

ALPHA = 0.05  # 95 % intervals
Z = 1.959963984540054  # the normal quantile at 1 - ALPHA / 2


@dataclass(frozen=True)
class Rate:
    """``hits`` of ``leads`` reached the outcome; ``rate``, ``low`` and ``high`` are None for no leads."""

    leads: int
    hits: int
    rate: float | None
    low: float | None
    high: float | None


def rate(hits: int, leads: int) -> Rate:
    """The outcome rate of ``leads`` with its 95 % Wilson interval."""
    if leads == 0:
        return Rate(0, 0, None, None, None)
    low, high = wilson_interval(hits, leads, ALPHA)
    return Rate(leads, hits, hits / leads, low, high)


def ratio_interval(a: Rate, b: Rate) -> tuple[float, float, float]:
    """``a``'s rate over ``b``'s (both with leads and some hits between them) and its 95 % interval
    by Katz's log method. When either side has no hits (or only hits), 0.5 is added to each cell of
    the 2x2 table (Haldane-Anscombe) so that the ratio and its interval stay finite."""
    hits_a, leads_a, hits_b, leads_b = a.hits, a.leads, b.hits, b.leads
    if 0 in (hits_a, hits_b, leads_a - hits_a, leads_b - hits_b):
        hits_a, leads_a, hits_b, leads_b = hits_a + 0.5, leads_a + 1, hits_b + 0.5, leads_b + 1
    ratio = (hits_a / leads_a) / (hits_b / leads_b)
    spread = Z * math.sqrt(1 / hits_a - 1 / leads_a + 1 / hits_b - 1 / leads_b)
    return ratio, ratio * math.exp(-spread), ratio * math.exp(spread)
