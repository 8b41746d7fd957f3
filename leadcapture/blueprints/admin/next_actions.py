"""Next actions for sales: the leads the rules give an action, sortable, within ``SALES_SEE``."""

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.insights.read import SORTS, next_actions_page
from leadcapture.reports.list_args import choice, page_number


@bp.get("/next-actions")
@section_required("next_actions")
def next_actions():
    sort = choice(request.args, "sort", list(SORTS), "priority")
    page = next_actions_page(viewer_scope(), sort, page_number(request.args))
    return render_template("admin/next_actions.html", page=page, sort=sort, sorts=SORTS)
