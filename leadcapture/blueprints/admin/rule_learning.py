"""What outcomes say about the live rules: each rule's lift, and the score's calibration."""

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.learning.calibration import calibration
from leadcapture.learning.charts import calibration_chart, lift_chart
from leadcapture.learning.kept import KEEP_FOR, kept_report
from leadcapture.learning.lift import MIN_LEADS, MIN_OUTCOMES, rule_lift
from leadcapture.learning.outcomes import OUTCOMES, outcome_from_args
from leadcapture.reports.period import Period, period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of
from leadcapture.scoring_rules.live import live_rules

DEFAULT_DAYS = 90  # outcomes are rarer than visits: a longer default period than the reports'


def choices() -> tuple[str, Period]:
    """The page's outcome and period arguments (InputError names a bad one)."""
    return outcome_from_args(request.args), period_from_args(request.args, DEFAULT_DAYS)


def learning_page(template: str, period: Period, outcome: str, **context):
    """``template`` with the outcome and period choosers' context."""
    return render_template(
        template,
        period=period,
        outcome=outcome,
        outcomes=OUTCOMES,
        presets=PRESET_DAYS,
        preset=preset_of(period),
        **context,
    )


@bp.get("/rules/lift")
@section_required("rules")
def rules_lift():
    outcome, period = choices()
    live = live_rules()
    kept = kept_report("rule_lift", rule_lift, outcome, period, live)
    report = kept.value
    return learning_page(
        "admin/rules/lift.html",
        period,
        outcome,
        report=report,
        counted_at=kept.computed_at,
        keep_minutes=int(KEEP_FOR.total_seconds() // 60),
        version=live.version,
        chart_config=lift_chart(report),
        min_leads=MIN_LEADS,
        min_outcomes=MIN_OUTCOMES,
    )


@bp.get("/rules/calibration")
@section_required("rules")
def rules_calibration():
    outcome, period = choices()
    live = live_rules()
    report = calibration(outcome, period)
    return learning_page(
        "admin/rules/calibration.html",
        period,
        outcome,
        report=report,
        settings=live.settings,
        version=live.version,
        chart_config=calibration_chart(report, live.settings),
    )
