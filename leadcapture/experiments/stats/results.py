"""What ``analyse`` takes and gives back."""

from dataclasses import dataclass

import numpy as np

NOT_ENOUGH_DATA = "not enough data"


@dataclass(frozen=True)
class Arm:
    """One variant's visitors: ``values`` holds one number per exposed visitor (0/1 for a rate, the
    value for a mean); ``covariate`` each one's pre-exposure activity in the same order (CUPED), or
    None."""

    key: str
    values: np.ndarray
    covariate: np.ndarray | None = None


@dataclass(frozen=True, kw_only=True)
class Comparison:
    """A variant against control; a field is None where the data cannot give it (``note`` says why)."""

    uplift: float | None = None
    uplift_ci_low: float | None = None
    uplift_ci_high: float | None = None
    p_value: float | None = None
    sequential_p_value: float | None = None
    sequential_uplift_ci_low: float | None = None
    sequential_uplift_ci_high: float | None = None
    chance_to_beat_control: float | None = None
    expected_loss: float | None = None
    significant: bool | None = None
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ArmResult(Comparison):
    """One arm's own figures and, for a variant, its comparison with control (None for control)."""

    key: str
    exposed: int
    total: float
    mean: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class MetricAnalysis:
    """One metric's analysis: its arms, control first; whether CUPED was applied (asked for and every
    arm had covariates) and its θ."""

    kind: str
    control: str
    alpha: float
    arms: list[ArmResult]
    cuped: bool
    cuped_theta: float | None
