"""The cumulative uplift over time: each day, every visitor exposed up to its end analysed with what
they did after exposure (the per-visitor values are read once and sliced by exposure day)."""

from dataclasses import dataclass
from datetime import date

import numpy as np

from leadcapture.experiments.results.arms import Plan, analyse_values
from leadcapture.experiments.results.exposed import Exposed


@dataclass(frozen=True)
class UpliftPoint:
    """A variant's uplift against control and its always-valid interval (None: not enough data)."""

    uplift: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class UpliftSeries:
    """One point per exposure day for each variant but control."""

    days: list[date]
    lines: dict[str, list[UpliftPoint]]


def uplift_series(plan: Plan, exposed: Exposed, values: np.ndarray, kind: str) -> UpliftSeries:
    """The cumulative uplift of each variant, day by day since the first exposure."""
    days = exposed.days()
    lines: dict[str, list[UpliftPoint]] = {key: [] for key in plan.variants[1:]}
    positions = np.arange(len(exposed))
    for day in days:
        analysis = analyse_values(plan, exposed, values, kind, positions < exposed.exposed_by(day))
        for arm in analysis.arms[1:]:
            lines[arm.key].append(
                UpliftPoint(arm.uplift, arm.sequential_uplift_ci_low, arm.sequential_uplift_ci_high)
            )
    return UpliftSeries(days, lines)
