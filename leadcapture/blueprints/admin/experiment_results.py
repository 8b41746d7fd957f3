"""An experiment's results page (admins and marketing): each variant against control on the primary
metric with its verdict, the guardrails, the split check, the cumulative uplift over time and the
segments (``experiments.results``)."""

from flask import render_template

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.experiments.results import recent_results
from leadcapture.experiments.results.chart import uplift_chart
from leadcapture.experiments.results.recent import KEEP_FOR
from leadcapture.experiments.results.verdict import METRIC_NAMES, percent_label
from leadcapture.extensions import db
from leadcapture.models import Experiment


@bp.get("/experiments/<int:experiment_id>/results")
@section_required("experiments")
def experiment_results_page(experiment_id: int):
    results = recent_results(db.get_or_404(Experiment, experiment_id))
    return render_template(
        "admin/experiment_results.html",
        experiment=results.experiment,
        keep_minutes=int(KEEP_FOR.total_seconds() // 60),
        results=results,
        chart_config=uplift_chart(results.series) if results.series and results.series.days else None,
        metric_names=METRIC_NAMES,
        level=percent_label(1 - results.experiment.alpha),
    )
