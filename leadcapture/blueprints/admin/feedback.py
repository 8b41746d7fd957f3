"""Visitor feedback for admins and marketing: the report with its comments and themes, its CSV, and
one feedback with the replies staff emailed."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.admin_audit import log_admin_action
from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.feedback.replies import reply_to_feedback
from leadcapture.models import SENTIMENT_LABELS
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.feedback_charts import trend_chart
from leadcapture.reports.feedback_comments import comments, examples, placed_themes
from leadcapture.reports.feedback_csv import HEADER, csv_rows
from leadcapture.reports.feedback_filters import NOT_SET, feedback_filters
from leadcapture.reports.feedback_item import feedback_item
from leadcapture.reports.feedback_report import feedback_report
from leadcapture.reports.list_args import page_number
from leadcapture.reports.presets import PRESET_DAYS, preset_of


@bp.get("/feedback")
@section_required("feedback")
def feedback():
    filters = feedback_filters(request.args)
    listed = comments(filters, page_number(request.args))
    report = feedback_report(filters)
    return render_template(
        "admin/feedback.html",
        report=report,
        chart_config=trend_chart(report),
        comments=listed,
        examples=examples(listed.themes),
        tools=TOOLS,
        sentiments=SENTIMENT_LABELS,
        not_set=NOT_SET,
        presets=PRESET_DAYS,
        preset=preset_of(filters.period),
    )


@bp.get("/feedback.csv")
@section_required("feedback")
def feedback_csv():
    filters = feedback_filters(request.args)
    themes = placed_themes(filters)
    log_admin_action(current_user.id, "feedback.export", "feedback", None, {"filters": filters.as_args()})
    period = filters.period
    return csv_response(f"feedback-{period.first}-{period.last}.csv", HEADER, csv_rows(filters, themes))


@bp.get("/feedback/<feedback_id>")
@section_required("feedback")
def feedback_page(feedback_id: str):
    return _item_page(feedback_id)


@bp.post("/feedback/<feedback_id>/reply")
@section_required("feedback")
def feedback_reply(feedback_id: str):
    text = request.form.get("reply", "")
    try:
        reply_to_feedback(feedback_id, current_user, text)
    except InputError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        return _item_page(feedback_id, error, text), 400
    flash("Your reply is on its way by email.", "info")
    return redirect(url_for("admin.feedback_page", feedback_id=feedback_id), 303)


def _item_page(feedback_id: str, error: InputError | None = None, draft: str = ""):
    item = feedback_item(feedback_id) or abort(404)
    return render_template(
        "admin/feedback_item.html",
        item=item,
        error=error,
        draft=draft,
        link_leads=may_see(current_user, "leads"),
    )
