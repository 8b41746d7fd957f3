"""Next actions for sales: the leads the rules give an action, sortable, within ``SALES_SEE``."""

from flask import render_template, request
from flask_login import current_user

from leadcapture.admin_audit import log_admin_action
from leadcapture.blueprints.admin.access import section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.insights.export import NEXT_ACTIONS_HEADER, next_action_rows
from leadcapture.insights.read import SORTS, next_actions_page
from leadcapture.models.types import utcnow
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.list_args import choice, page_number


@bp.get("/next-actions")
@section_required("next_actions")
def next_actions():
    sort = choice(request.args, "sort", list(SORTS), "priority")
    page = next_actions_page(viewer_scope(), sort, page_number(request.args))
    return render_template("admin/next_actions.html", page=page, sort=sort, sorts=SORTS)


@bp.get("/next-actions.csv")
@section_required("next_actions")
def next_actions_csv():
    sort = choice(request.args, "sort", list(SORTS), "priority")
    log_admin_action(current_user.id, "next_actions.export", "next_actions", None, {"sort": sort})
    rows = next_action_rows(viewer_scope(), sort)
    return csv_response(f"next-actions-{utcnow():%Y-%m-%d}.csv", NEXT_ACTIONS_HEADER, rows)
