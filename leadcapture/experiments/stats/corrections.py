"""Family-wise error correction across several metrics (the guardrails of one experiment).

Holm's step-down method (Holm, "A simple sequentially rejective multiple test procedure", Scand. J.
Statist. 1979): controls the chance of any false alarm at α like Bonferroni, under any dependence
between the metrics, and never rejects less than Bonferroni does. Adjusted p-values as R's
``p.adjust(method = "holm")``."""

from collections.abc import Sequence

import numpy as np


def holm(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the input's order: compare each with α."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    order = np.argsort(p)
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted.tolist()
