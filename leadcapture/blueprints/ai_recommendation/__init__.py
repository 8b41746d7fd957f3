"""The treatment-recommendation page: free text in, ranked treatments out."""

from flask import Blueprint, request

from leadcapture.blueprints.tool_pages import show_tool, submit_tool

bp = Blueprint("ai_recommendation", __name__, url_prefix="/tools/recommendation")
TEMPLATE = "tools/ai_recommendation.html"


@bp.get("/")
def page():
    return show_tool("ai_recommendation", TEMPLATE)


@bp.post("/")
def submit():
    return submit_tool("ai_recommendation", TEMPLATE, {"query": request.form.get("query", "")})
