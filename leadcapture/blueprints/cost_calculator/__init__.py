"""The cost-calculator page: procedures, budget and urgency in, an estimate out."""

from flask import Blueprint, request

from leadcapture.blueprints.tool_pages import show_tool, submit_tool

bp = Blueprint("cost_calculator", __name__, url_prefix="/tools/cost-calculator")
TEMPLATE = "tools/cost_calculator.html"


@bp.get("/")
def page():
    return show_tool("cost_calculator", TEMPLATE)


@bp.post("/")
def submit():
    payload = {
        "procedures": request.form.getlist("procedures"),
        "budget_range": request.form.get("budget_range") or None,
        "urgency": request.form.get("urgency") or None,
    }
    return submit_tool("cost_calculator", TEMPLATE, payload)
