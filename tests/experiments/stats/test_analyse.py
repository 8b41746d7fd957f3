"""``analyse``'s shape and its answers on thin or degenerate data: never an exception, never NaN."""

import math
from dataclasses import fields

import numpy as np
import pytest

from leadcapture.experiments.stats import NOT_ENOUGH_DATA, Arm, ArmResult, analyse, cuped_adjust, srm_check

COMPARISON_FIELDS = (
    "uplift",
    "uplift_ci_low",
    "uplift_ci_high",
    "p_value",
    "sequential_p_value",
    "sequential_uplift_ci_low",
    "sequential_uplift_ci_high",
    "chance_to_beat_control",
    "expected_loss",
    "significant",
)


def _showable(arm: ArmResult) -> bool:
    """Every number finite (None allowed): what a page can print."""
    values = [getattr(arm, field.name) for field in fields(arm)]
    return all(not isinstance(value, float) or math.isfinite(value) for value in values)


def test_control_comes_first_with_no_comparison_and_variants_keep_their_order():
    rng = np.random.default_rng(1)
    arms = [Arm(key, (rng.random(500) < 0.2) * 1.0) for key in ("b", "control", "a")]
    analysis = analyse(arms, "rate", control="control")
    assert [arm.key for arm in analysis.arms] == ["control", "b", "a"]
    control = analysis.arms[0]
    assert all(getattr(control, name) is None for name in COMPARISON_FIELDS)
    for variant in analysis.arms[1:]:
        assert variant.exposed == 500 and variant.total == variant.mean * 500
        assert variant.ci_low < variant.mean < variant.ci_high
        assert variant.uplift_ci_low < variant.uplift < variant.uplift_ci_high
        assert 0 <= variant.chance_to_beat_control <= 1 and variant.expected_loss >= 0
        assert variant.significant == (variant.sequential_p_value < 0.05)


@pytest.mark.parametrize(
    ("kind", "control", "variant", "expected_note"),
    [
        ("rate", [], [1.0, 0.0], NOT_ENOUGH_DATA),  # no exposures in control
        ("rate", [0.0, 1.0], [], NOT_ENOUGH_DATA),  # none in the variant
        ("rate", [1.0], [0.0], NOT_ENOUGH_DATA),  # one visitor each
        ("rate", [0.0] * 50, [0.0] * 50, "no variation"),  # nobody converted
        ("rate", [1.0] * 50, [1.0] * 50, "no variation"),  # everybody converted
        ("rate", [0.0] * 50, [0.0] * 45 + [1.0] * 5, "control is at 0"),
        ("rate", [0.0] * 45 + [1.0] * 5, [0.0] * 50, "no variation"),  # a variant at 0: no relative spread
        ("mean", [3.0] * 20, [3.0] * 20, "no variation"),  # zero variance
        ("mean", [-1.0, 0.0, 1.0], [2.0, 1.0, 3.0], "control is at 0"),
    ],
)
def test_thin_data_gives_none_and_a_note_never_an_error(kind, control, variant, expected_note):
    analysis = analyse([Arm("control", np.array(control)), Arm("new", np.array(variant))], kind, "control")
    result = analysis.arms[1]
    assert result.note.startswith(NOT_ENOUGH_DATA) and expected_note in result.note
    assert result.significant is False and result.sequential_p_value is None
    assert all(_showable(arm) for arm in analysis.arms)


def test_an_arm_without_exposures_has_no_mean_and_a_single_arm_is_just_described():
    analysis = analyse([Arm("control", np.array([]))], "mean", "control")
    (control,) = analysis.arms
    assert (control.exposed, control.total, control.mean, control.ci_low) == (0, 0.0, None, None)
    assert control.note == NOT_ENOUGH_DATA
    single = analyse([Arm("control", np.array([2.0, 4.0]))], "mean", "control").arms
    assert single[0].mean == 3.0 and single[0].ci_low < 3.0 < single[0].ci_high and single[0].note is None


def test_bayesian_figures_need_no_conversions_to_exist():
    analysis = analyse([Arm("control", np.zeros(200)), Arm("new", np.zeros(200))], "rate", "control")
    assert analysis.arms[1].chance_to_beat_control == pytest.approx(0.5)
    assert 0 < analysis.arms[1].expected_loss < 0.01


def test_cuped_applies_only_when_asked_and_every_arm_has_its_covariate():
    rng = np.random.default_rng(2)
    activity = rng.poisson(2, size=(2, 300)).astype(float)
    values = activity + rng.normal(size=(2, 300))
    with_covariates = [Arm("a", values[0], activity[0]), Arm("b", values[1], activity[1])]
    assert analyse(with_covariates, "mean", "a").cuped
    assert analyse(with_covariates, "mean", "a").cuped_theta == pytest.approx(1.0, abs=0.1)
    assert not analyse(with_covariates, "mean", "a", cuped=False).cuped
    assert not analyse([with_covariates[0], Arm("b", values[1])], "mean", "a").cuped
    assert analyse([with_covariates[0], Arm("b", values[1])], "mean", "a").cuped_theta is None


def test_cuped_adjust_keeps_the_mean_and_removes_the_covariates_share():
    rng = np.random.default_rng(3)
    activity = rng.normal(5, 2, 5000)
    values = 3 * activity + rng.normal(0, 1, 5000)
    adjusted = cuped_adjust(values, activity)
    assert adjusted.mean() == pytest.approx(values.mean())
    assert adjusted.var() == pytest.approx(1.0, rel=0.1)
    assert (cuped_adjust(values, np.full(5000, 2.0)) == values).all()  # a constant covariate: unchanged
    assert len(cuped_adjust(np.array([]), np.array([]))) == 0


@pytest.mark.parametrize(
    ("arms", "kind", "control"),
    [
        ([Arm("a", np.array([1.0]))], "median", "a"),
        ([Arm("a", np.array([1.0]))], "rate", "b"),
        ([Arm("a", np.array([1.0])), Arm("a", np.array([0.0]))], "rate", "a"),
        ([Arm("a", np.array([2.0]))], "rate", "a"),
        ([Arm("a", np.array([np.nan]))], "mean", "a"),
        ([Arm("a", np.array([1.0, 2.0]), covariate=np.array([1.0]))], "mean", "a"),
    ],
)
def test_wrong_calls_raise_value_error(arms, kind, control):
    with pytest.raises(ValueError):
        analyse(arms, kind, control)


def test_srm_edge_cases_answer_without_errors():
    assert srm_check([0, 0], [1, 1]).flagged is False
    assert srm_check([120], [1]).p_value == 1.0
    zero_weight = srm_check([100, 90, 3], [1, 1, 0])
    assert zero_weight.flagged and zero_weight.p_value == 0.0
    assert not srm_check([100, 90, 0], [1, 1, 0]).flagged
    with pytest.raises(ValueError):
        srm_check([1, 2], [1])


def test_cuped_on_a_rate_uses_the_adjusted_values_and_narrows_the_interval():
    rng = np.random.default_rng(4)
    activity = (rng.random((2, 3000)) < 0.3) * 1.0  # came back after a first tool use
    converted = (rng.random((2, 3000)) < 0.05 + 0.55 * activity) * 1.0  # returning visitors convert more
    arms = [Arm("a", converted[0], activity[0]), Arm("b", converted[1], activity[1])]
    adjusted, plain = analyse(arms, "rate", "a").arms[1], analyse(arms, "rate", "a", cuped=False).arms[1]
    assert adjusted.p_value != plain.p_value
    assert adjusted.uplift_ci_high - adjusted.uplift_ci_low < 0.9 * (
        plain.uplift_ci_high - plain.uplift_ci_low
    )
    assert adjusted.chance_to_beat_control == plain.chance_to_beat_control  # beta-binomial: raw counts


@pytest.mark.parametrize(("alpha", "planned_visitors"), [(0.0, 5000), (1.5, 5000), (0.05, 0)])
def test_alpha_and_plan_outside_their_range_raise(alpha, planned_visitors):
    with pytest.raises(ValueError):
        analyse([Arm("a", np.array([1.0]))], "rate", "a", alpha=alpha, planned_visitors=planned_visitors)


def test_cuped_adjust_needs_one_covariate_per_visitor():
    assert cuped_adjust(np.array([4.0]), np.array([1.0])).tolist() == [4.0]
    with pytest.raises(ValueError):
        cuped_adjust(np.array([1.0, 2.0]), np.array([1.0]))
