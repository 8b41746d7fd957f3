"""Suggested points: current against suggested per live rule, and applying them to the draft."""

from flask import flash, redirect, request, url_for

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.rule_learning import choices, learning_page
from leadcapture.blueprints.admin.rules import actor
from leadcapture.learning.kept import KEEP_FOR, kept_report
from leadcapture.learning.suggest import MIN_FIRED, TRAIN_SHARE, suggest
from leadcapture.scoring_rules.draft_points import set_draft_points
from leadcapture.scoring_rules.live import live_rules


@bp.get("/rules/suggestions")
@section_required("rules")
def rules_suggestions():
    outcome, period = choices()
    live = live_rules()
    kept = kept_report("rule_suggestions", suggest, outcome, period, live)
    return learning_page(
        "admin/rules/suggestions.html",
        period,
        outcome,
        report=kept.value,
        fitted_at=kept.computed_at,
        keep_minutes=int(KEEP_FOR.total_seconds() // 60),
        version=live.version,
        train_share=TRAIN_SHARE,
        min_fired=MIN_FIRED,
        arguments=request.args.to_dict(),
    )


@bp.post("/rules/suggestions/apply")
@section_required("rules")
def rules_suggestions_apply():
    outcome, period = choices()
    report = kept_report("rule_suggestions", suggest, outcome, period, live_rules()).value  # as shown
    if report.message:
        flash(report.message, "error")
        return redirect(url_for("admin.rules_suggestions", **request.args.to_dict()))
    changed = set_draft_points(report.changed, actor())
    flash(
        f"Suggested points written to the draft ({len(changed)} rules changed); nothing is published.", "info"
    )
    return redirect(url_for("admin.rules_preview"))
