"""The interactions log and a visitor's journey."""

from flask import render_template
from flask_login import current_user

from leadcapture.blueprints.admin import bp
from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.extensions import db
from leadcapture.models import Visitor
from leadcapture.reports.journey import journey as visitor_journey


@bp.get("/visitors/<visitor_id>")
@section_required("interactions")
def journey(visitor_id: str):
    visitor = db.get_or_404(Visitor, visitor_id)
    return render_template(
        "admin/journey.html",
        visitor=visitor,
        journey=visitor_journey([visitor.id]),
        link_leads=may_see(current_user, "leads"),
    )
