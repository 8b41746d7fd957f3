"""An experiment's results: what its exposed visitors did after exposure, analysed.

``experiment_results(experiment)`` reads the exposures once (``exposed``), each metric's outcomes
with one set-based query (``outcomes``: what counts for each metric), and analyses them with the
pure ``experiments.stats``: the primary metric with CUPED and each variant's verdict (``metrics``,
``verdict``), the guardrails with Holm-adjusted p-values, the sample-ratio-mismatch check against
the variants' weights, the cumulative uplift per exposure day (``series``) and the primary metric
per segment (``segments``); ``favoured`` is the variant the primary metric favours, for the ship
form. The admin pages read them through ``recent_results`` (``recent``: computed at most a few
minutes ago). Nothing raises on thin data: no exposures give empty arms, "not enough data"
verdicts and no series.
"""

from leadcapture.experiments.results.recent import recent_results
from leadcapture.experiments.results.report import ExperimentResults, experiment_results

__all__ = ["ExperimentResults", "experiment_results", "recent_results"]
