"""The admin landing page."""

from flask import render_template
from sqlalchemy import func, select

from leadcapture.blueprints.admin import bp
from leadcapture.blueprints.admin.access import section_required
from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, Interaction, Visitor, VisitSession


@bp.get("/")
@section_required("dashboard")
def index():
    counts = {
        label: db.session.scalar(select(func.count()).select_from(model))
        for label, model in (
            ("Visitors", Visitor),
            ("Sessions", VisitSession),
            ("Tool uses", Interaction),
            ("Behaviour events", BehaviourEvent),
        )
    }
    return render_template("admin/index.html", counts=counts)
