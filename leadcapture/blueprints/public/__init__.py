"""Public pages of the site; every page view identifies the visitor and session."""

from flask import Blueprint, render_template

from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.cta.registry import TOOLS
from leadcapture.tracking import track_visit

bp = Blueprint("public", __name__)


@bp.before_request
def track_page_view():
    remember_visitor(track_visit(visit_context()))


@bp.get("/")
def home():
    return render_template("public/home.html", tools=TOOLS.values())
