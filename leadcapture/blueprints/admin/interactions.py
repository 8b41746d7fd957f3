"""The interactions log (and its CSV) and a visitor's journey."""

from flask import abort, render_template, request
from flask_login import current_user

from leadcapture.admin_audit import log_admin_action
from leadcapture.blueprints.admin.access import may_see, section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.cta.registry import TOOLS
from leadcapture.insights.read import visitor_insight
from leadcapture.media import media_of_visitors
from leadcapture.models.types import utcnow
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.interactions import (
    CONVERTED,
    cursor_from_arg,
    interaction_filters,
    interaction_page,
)
from leadcapture.reports.journey import journey as visitor_journey
from leadcapture.reports.lead_access import visible_visitor
from leadcapture.reports.report_csv import INTERACTIONS_HEADER, interaction_rows
from leadcapture.reports.session_analytics import visitor_sessions


@bp.get("/interactions")
@section_required("interactions")
def interactions():
    filters = interaction_filters(request.args, viewer_scope())
    return render_template(
        "admin/interactions.html",
        filters=filters,
        page=interaction_page(filters, cursor_from_arg(request.args.get("after"))),
        first_page=not request.args.get("after"),
        tools=TOOLS,
        converted_choices=CONVERTED,
        link_leads=may_see(current_user, "leads"),
    )


@bp.get("/interactions.csv")
@section_required("interactions")
def interactions_csv():
    filters = interaction_filters(request.args, viewer_scope())
    log_admin_action(
        current_user.id, "interactions.export", "interactions", None, {"filters": filters.as_args()}
    )
    rows = interaction_rows(filters, lead_ids=may_see(current_user, "leads"))
    period = filters.period
    return csv_response(f"interactions-{period.first}-{period.last}.csv", INTERACTIONS_HEADER, rows)


@bp.get("/visitors/<visitor_id>")
@section_required("interactions")
def journey(visitor_id: str):
    scope = viewer_scope()
    visitor = visible_visitor(visitor_id, scope) or abort(404)
    sees_leads = may_see(current_user, "leads")
    return render_template(
        "admin/journey.html",
        visitor=visitor,
        journey=visitor_journey([visitor.id], scope=scope),
        sessions=visitor_sessions([visitor.id]),
        insight=visitor_insight(visitor.id, utcnow()),
        link_leads=sees_leads,
        link_feedback=may_see(current_user, "feedback"),
        # Special-category media: staff who see leads only (not marketing).
        media=media_of_visitors([visitor.id]) if sees_leads else None,
    )
