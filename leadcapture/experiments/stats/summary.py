"""An arm's values reduced to what the tests need: count, mean and per-visitor variance."""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Summary:
    """``n`` visitors, their ``mean`` and the ``variance`` of one visitor's value.

    The fields may be numpy arrays of the same shape (many arms or simulated runs at once)."""

    n: float | np.ndarray
    mean: float | np.ndarray
    variance: float | np.ndarray

    @property
    def variance_of_mean(self) -> float | np.ndarray:
        return self.variance / self.n


def summarise(values: np.ndarray, ddof: int) -> Summary:
    """``values``' summary; ``ddof=0`` for 0/1 values (p(1-p), as the textbook rate tests use), 1 for
    means (the sample variance). Fewer than ``ddof + 1`` values give a variance of 0."""
    n = len(values)
    mean = float(np.mean(values)) if n else 0.0
    variance = float(np.var(values, ddof=ddof)) if n > ddof else 0.0
    return Summary(n=n, mean=mean, variance=variance)
