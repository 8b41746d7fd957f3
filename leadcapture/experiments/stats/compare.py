"""One variant against control: uplift, fixed-horizon and sequential tests, Bayesian chance and loss."""

from leadcapture.experiments.stats.bayesian import (
    beta_chance_to_beat,
    beta_expected_loss,
    normal_chance_and_loss,
)
from leadcapture.experiments.stats.means import welch_p_value
from leadcapture.experiments.stats.proportions import two_proportion_p_value, unpooled_z_p_value
from leadcapture.experiments.stats.results import NOT_ENOUGH_DATA, Comparison
from leadcapture.experiments.stats.sequential import sequential_interval, sequential_p_value
from leadcapture.experiments.stats.summary import Summary
from leadcapture.experiments.stats.uplift import fixed_interval, relative_uplift

# Fewer visitors than this in either arm: no comparison (a variance needs two values).
MIN_EXPOSED = 2
NO_VARIATION = f"{NOT_ENOUGH_DATA}: no variation between visitors yet"
NO_BASELINE = f"{NOT_ENOUGH_DATA}: control is at 0, so there is no relative uplift"

Pair = tuple[Summary, Summary]  # (treatment, control)


def compare(
    raw: Pair, tested: Pair, kind: str, adjusted: bool, alpha: float, planned_visitors: int
) -> Comparison:
    """Compare on ``tested`` (the raw summaries, or the CUPED-adjusted ones when ``adjusted``);
    ``raw`` gives the rate posteriors' counts."""
    treatment, control = tested
    if min(treatment.n, control.n) < MIN_EXPOSED:
        return Comparison(significant=False, note=NOT_ENOUGH_DATA)
    bayesian = _bayesian(raw, tested, kind)
    if treatment.variance_of_mean + control.variance_of_mean == 0:
        return Comparison(significant=False, note=NO_VARIATION, **bayesian)
    p_value = _p_value(raw, tested, kind, adjusted)
    if control.mean == 0:
        return Comparison(p_value=p_value, significant=False, note=NO_BASELINE, **bayesian)
    uplift = relative_uplift(treatment, control)
    if uplift.variance == 0:
        return Comparison(
            uplift=float(uplift.estimate), p_value=p_value, significant=False, note=NO_VARIATION, **bayesian
        )
    visitors = treatment.n + control.n
    low, high = fixed_interval(uplift, alpha)
    sequential_p = float(
        sequential_p_value(uplift.estimate, uplift.variance, visitors, alpha, planned_visitors)
    )
    sequential_low, sequential_high = sequential_interval(
        uplift.estimate, uplift.variance, visitors, alpha, planned_visitors
    )
    return Comparison(
        uplift=float(uplift.estimate),
        uplift_ci_low=float(low),
        uplift_ci_high=float(high),
        p_value=p_value,
        sequential_p_value=sequential_p,
        sequential_uplift_ci_low=float(sequential_low),
        sequential_uplift_ci_high=float(sequential_high),
        significant=sequential_p < alpha,
        **bayesian,
    )


def _p_value(raw: Pair, tested: Pair, kind: str, adjusted: bool) -> float:
    """Two-proportion z for rates (unpooled on CUPED-adjusted values), Welch's t for means."""
    treatment, control = tested
    if kind == "mean":
        return float(welch_p_value(treatment, control))
    if adjusted:
        difference = treatment.mean - control.mean
        return float(unpooled_z_p_value(difference, treatment.variance_of_mean + control.variance_of_mean))
    (treatment, control) = raw
    return float(two_proportion_p_value(_count(treatment), treatment.n, _count(control), control.n))


def _bayesian(raw: Pair, tested: Pair, kind: str) -> dict[str, float]:
    """Chance to beat control and expected loss (beta-binomial on raw counts for rates, normal for
    means); empty when the means' difference has no variance."""
    if kind == "rate":
        counts = (_count(raw[0]), raw[0].n, _count(raw[1]), raw[1].n)
        return {
            "chance_to_beat_control": beta_chance_to_beat(*counts),
            "expected_loss": beta_expected_loss(*counts),
        }
    treatment, control = tested
    variance = treatment.variance_of_mean + control.variance_of_mean
    if variance == 0:
        return {}
    chance, loss = normal_chance_and_loss(treatment.mean - control.mean, variance)
    return {"chance_to_beat_control": chance, "expected_loss": loss}


def _count(summary: Summary) -> int:
    """A rate arm's conversions."""
    return round(summary.mean * summary.n)
