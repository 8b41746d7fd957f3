"""The experiments' statistics: pure numpy/scipy, no Flask, no database, no other leadcapture package
(``tests/experiments/stats/test_purity.py``).

Usage::

    from leadcapture.experiments.stats import Arm, analyse, srm_check, sample_size_per_variant, holm

    analysis = analyse(
        [Arm("control", np.array([0, 1, 0, ...]), covariate=np.array([3, 0, 1, ...])),
         Arm("green_button", np.array([1, 0, 0, ...]), covariate=np.array([0, 2, 5, ...]))],
        kind="rate",            # "rate": values are 0/1 per exposed visitor; "mean": the visitor's value
        control="control",
        alpha=0.05,
        cuped=True,             # applied only when every arm has a covariate
    )                           # -> MetricAnalysis
    analysis.arms               # list[ArmResult], control first, then the variants as given
    analysis.cuped, analysis.cuped_theta
    srm_check([5200, 4800], [50, 50])              # -> SrmResult(chi2, p_value, flagged); threshold 0.001
    sample_size_per_variant(0.10, 0.20)            # visitors per variant for +20 % on a 10 % rate
    holm([0.01, 0.04, 0.03])                       # Holm-adjusted p-values for guardrail metrics
    cuped_adjust(values, covariate)                # all arms pooled, θ = Cov(Y, X) / Var(X)

``Arm(key, values, covariate=None)`` is a frozen dataclass. Each ``ArmResult`` has ``key``, ``exposed``,
``total`` (conversions or the sum of values), ``mean`` (the rate or the mean), ``ci_low``/``ci_high``
(the arm's own interval at 1 - alpha: Wilson score for a rate, Student t for a mean), and for a variant:

* ``uplift``: relative to control, (mean_t - mean_c) / |mean_c| (0.2 = +20 %), with
  ``uplift_ci_low``/``uplift_ci_high`` (normal interval, delta-method variance: ``uplift``);
* ``p_value``: fixed horizon, two-sided; the two-proportion z test (pooled) for a rate, Welch's t test
  for a mean; with CUPED on the adjusted values (for a rate then an unpooled z test, as adjusted
  values are no longer 0/1). Valid at ONE planned look only;
* ``sequential_p_value`` and ``sequential_uplift_ci_low``/``_high``: always valid, safe to look at
  every day: the normal-mixture mSPRT of Johari, Pekelis & Walsh (2017) and its confidence
  sequence (Howard et al. 2021), tuned to be narrowest at ``planned_visitors`` (both arms; default
  5,000; ``sequential`` module). ``significant`` is ``sequential_p_value < alpha``;
* ``chance_to_beat_control`` and ``expected_loss`` (of shipping the variant, in the metric's units):
  Beta(1, 1)-binomial in closed form (Evan Miller) for a rate, normal approximation for a mean
  (``bayesian`` module); deterministic.

Control's comparison fields are None (``significant`` too). Thin data never raises: an arm with no
exposures has ``mean`` None, fewer than 2 visitors in either arm, no variation, or a control at 0
leave the comparison fields that cannot be had at None with ``note`` starting "not enough data"
(``significant`` False); numbers are never NaN. ``analyse`` raises ValueError only for wrong calls
(unknown kind or control, duplicate keys, rate values not 0/1, a covariate of another length).

A variant is compared with control at ``alpha`` each; with several variants the chance of some false
winner grows, which ``sample_size_per_variant(..., variants=k)`` plans for with Bonferroni's
alpha / (k - 1). Guardrail metrics: pass their p-values through ``holm``.
"""

from leadcapture.experiments.stats.analysis import KINDS, analyse
from leadcapture.experiments.stats.corrections import holm
from leadcapture.experiments.stats.cuped import cuped_adjust
from leadcapture.experiments.stats.results import NOT_ENOUGH_DATA, Arm, ArmResult, MetricAnalysis
from leadcapture.experiments.stats.sample_size import sample_size_per_variant
from leadcapture.experiments.stats.sequential import DEFAULT_PLANNED_VISITORS
from leadcapture.experiments.stats.srm import SRM_THRESHOLD, SrmResult, srm_check

__all__ = [
    "DEFAULT_PLANNED_VISITORS",
    "KINDS",
    "NOT_ENOUGH_DATA",
    "SRM_THRESHOLD",
    "Arm",
    "ArmResult",
    "MetricAnalysis",
    "SrmResult",
    "analyse",
    "cuped_adjust",
    "holm",
    "sample_size_per_variant",
    "srm_check",
]
