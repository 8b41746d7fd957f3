"""The building blocks against worked examples with their published numbers."""

import numpy as np
import pytest
from scipy import integrate, stats

from leadcapture.experiments.stats import analyse, holm, sample_size_per_variant, srm_check
from leadcapture.experiments.stats.bayesian import (
    beta_chance_to_beat,
    beta_expected_loss,
    normal_chance_and_loss,
)
from leadcapture.experiments.stats.means import welch_p_value
from leadcapture.experiments.stats.proportions import two_proportion_p_value, wilson_interval
from leadcapture.experiments.stats.results import Arm
from leadcapture.experiments.stats.sequential import sequential_interval, sequential_p_value
from leadcapture.experiments.stats.summary import summarise


def _rate_arm(key: str, conversions: int, exposed: int) -> Arm:
    return Arm(key, np.r_[np.ones(conversions), np.zeros(exposed - conversions)])


def test_two_proportion_z_matches_usablestats_worked_answer():
    # usablestats.com "Ask Stats" question 866: 118 of 3,303 vs 80 of 3,303, pooled 0.02997,
    # z = 2.742, two-sided p-value 0.00611.
    assert two_proportion_p_value(118, 3303, 80, 3303) == pytest.approx(0.00611, abs=5e-6)
    analysis = analyse([_rate_arm("a", 80, 3303), _rate_arm("b", 118, 3303)], "rate", control="a")
    assert analysis.arms[1].p_value == pytest.approx(0.00611, abs=5e-6)


def test_two_proportion_z_matches_openintro_mammogram_example():
    # OpenIntro Statistics (Diez, Çetinkaya-Rundel, Barr), section 6.2: 500 of 44,925 deaths with
    # mammograms vs 505 of 44,910 without; z ≈ -0.17, p-value ≈ 0.87 (the book rounds z first).
    assert two_proportion_p_value(500, 44925, 505, 44910) == pytest.approx(0.87, abs=0.01)


@pytest.mark.parametrize(
    ("conversions", "exposed", "low", "high"),
    # Newcombe, "Two-sided confidence intervals for the single proportion" (Stat. Med. 1998), table
    # I, method 3 (Wilson score, no continuity correction).
    [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)],
)
def test_arm_interval_is_newcombes_wilson_interval(conversions, exposed, low, high):
    assert wilson_interval(conversions, exposed, 0.05) == pytest.approx((low, high), abs=5e-5)
    arm = analyse([_rate_arm("a", conversions, exposed)], "rate", control="a").arms[0]
    assert (arm.ci_low, arm.ci_high) == pytest.approx((low, high), abs=5e-5)


def test_welch_matches_r_t_test():
    # R's t.test(ts1, ts2) (Welch by default) as quoted on Cross Validated ("Welch's t-test confidence
    # interval"): t = -1.8325, df = 17.9, p-value = 0.08356.
    ts1 = np.array([11, 9, 10, 11, 10, 12, 9, 11, 12, 9.0])
    ts2 = np.array([11, 13, 10, 13, 12, 9, 11, 12, 12, 11.0])
    assert welch_p_value(summarise(ts1, 1), summarise(ts2, 1)) == pytest.approx(0.08356, abs=5e-6)
    analysis = analyse([Arm("ts1", ts1), Arm("ts2", ts2)], "mean", control="ts1")
    assert analysis.arms[1].p_value == pytest.approx(0.08356, abs=5e-6)
    assert analysis.arms[1].uplift == pytest.approx(1 / 10.4)


def test_srm_matches_kohavis_example():
    # Kohavi, Tang & Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 3: 821,588 vs
    # 815,482 users on a planned 50/50 split has a p-value of 1.8e-6: a sample-ratio mismatch.
    result = srm_check([821588, 815482], [0.5, 0.5])
    assert result.p_value == pytest.approx(1.8e-6, rel=0.05)
    assert result.flagged


def test_sample_size_matches_evan_millers_calculator():
    # evanmiller.org/ab-testing/sample-size.html: baseline 20 %, minimum detectable effect 5 points
    # (25 % relative), power 80 %, significance 5 %: 1,030 per variation (the page rounds, we round up).
    assert sample_size_per_variant(0.20, 0.25) in (1030, 1031)


def test_more_variants_split_alpha_bonferroni():
    assert sample_size_per_variant(0.10, 0.20, variants=3) == sample_size_per_variant(0.10, 0.20, alpha=0.025)
    assert sample_size_per_variant(0.10, 0.20, variants=3) > sample_size_per_variant(0.10, 0.20)


@pytest.mark.parametrize(
    "arguments",
    [
        (0.0, 0.2),
        (1.0, 0.2),
        (0.5, 0.0),
        (0.9, 0.2),
        (0.1, 0.2, 0.0),
        (0.1, 0.2, 0.05, 1.0, 2),
        (0.1, 0.2, 0.05, 0.8, 1),
    ],
)
def test_sample_size_refuses_impossible_plans(arguments):
    with pytest.raises(ValueError):
        sample_size_per_variant(*arguments)


def test_holm_matches_wikipedias_example():
    # Wikipedia, "Holm–Bonferroni method", example: p = 0.01, 0.04, 0.03, 0.005 at α = 0.05 rejects
    # H1 and H4 only; adjusted values as R's p.adjust(method = "holm").
    adjusted = holm([0.01, 0.04, 0.03, 0.005])
    assert adjusted == pytest.approx([0.03, 0.06, 0.06, 0.02])
    assert [p < 0.05 for p in adjusted] == [True, False, False, True]
    assert holm([]) == [] and holm([0.6, 0.9]) == [1.0, 1.0]


def test_evan_millers_closed_form_agrees_with_exact_cases_and_integration():
    # Exact: a uniform prior after one conversion of one visitor (Beta(2, 1), density 2x) beats a
    # flat one with probability ∫ 2x · x dx = 2/3, and the loss of choosing it is B(2, 3) = 1/12.
    assert beta_chance_to_beat(1, 1, 0, 0) == pytest.approx(2 / 3)
    assert beta_expected_loss(1, 1, 0, 0) == pytest.approx(1 / 12)
    assert beta_chance_to_beat(0, 0, 0, 0) == pytest.approx(0.5)
    treatment, control = stats.beta(1 + 60, 1 + 440), stats.beta(1 + 48, 1 + 452)
    integrated, _ = integrate.quad(lambda x: treatment.pdf(x) * control.cdf(x), 0, 1)
    assert beta_chance_to_beat(60, 500, 48, 500) == pytest.approx(integrated, abs=1e-9)
    rng = np.random.default_rng(7)
    draws_t, draws_c = treatment.rvs(2_000_000, random_state=rng), control.rvs(2_000_000, random_state=rng)
    assert beta_expected_loss(60, 500, 48, 500) == pytest.approx(
        np.maximum(draws_c - draws_t, 0).mean(), abs=5e-5
    )


def test_normal_chance_and_loss_are_the_normal_tail_formulas():
    rng = np.random.default_rng(8)
    effect = rng.normal(0.3, 0.5, 2_000_000)
    chance, loss = normal_chance_and_loss(0.3, 0.25)
    assert chance == pytest.approx(stats.norm.cdf(0.6))
    assert loss == pytest.approx(np.maximum(-effect, 0).mean(), abs=1e-3)


@pytest.mark.parametrize(
    ("estimate", "variance", "visitors"), [(0.1, 0.002, 400), (-0.3, 0.01, 5000), (0.02, 1e-4, 20000)]
)
def test_msprt_is_johari_et_als_mixture_likelihood_ratio(estimate, variance, visitors):
    # Johari, Pekelis & Walsh (2017): Λ = ∫ φ(d; θ, V) / φ(d; 0, V) dN(0, τ²)(θ), p = min(1, 1/Λ),
    # integrated numerically here against the package's closed form.
    ratio = _mixing_ratio(variance, visitors)
    tau = np.sqrt(ratio * variance)
    mixture, _ = integrate.quad(
        lambda theta: stats.norm.pdf(estimate, theta, np.sqrt(variance)) * stats.norm.pdf(theta, 0, tau),
        -12 * tau,
        12 * tau,
        points=[0, estimate],
    )
    likelihood_ratio = mixture / stats.norm.pdf(estimate, 0, np.sqrt(variance))
    assert sequential_p_value(estimate, variance, visitors, 0.05, 5000) == pytest.approx(
        min(1, 1 / likelihood_ratio), rel=1e-6
    )


def _mixing_ratio(variance: float, visitors: int) -> float:
    """τ² / V as the package defines it (sequential module docstring), written out independently."""
    log_term = 2 * np.log(1 / 0.05)
    return visitors * (log_term + np.log(log_term + 1)) / 5000


def test_the_confidence_sequence_agrees_with_the_sequential_p_value_and_is_wider_than_fixed():
    estimates = np.linspace(-0.5, 0.5, 201)
    variance, visitors = 0.01, np.full(201, 3000)
    p_values = sequential_p_value(estimates, variance, visitors, 0.05, 5000)
    low, high = sequential_interval(estimates, variance, visitors, 0.05, 5000)
    excluded = (low > 0) | (high < 0)
    assert ((p_values < 0.05) == excluded).all()
    assert (high - estimates > stats.norm.isf(0.025) * np.sqrt(variance)).all()
