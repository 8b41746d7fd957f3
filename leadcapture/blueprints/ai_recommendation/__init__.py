"""The treatment-recommendation page: free text in, ranked treatments out."""

from flask import Blueprint, request

from leadcapture.blueprints.tool_pages import form_flag, show_tool, submit_tool
from leadcapture.blueprints.uploads import read_upload

bp = Blueprint("ai_recommendation", __name__, url_prefix="/tools/recommendation")
TEMPLATE = "tools/ai_recommendation.html"


@bp.get("/")
def page():
    return show_tool("ai_recommendation", TEMPLATE)


@bp.post("/")
def submit():
    payload = {
        "query": request.form.get("query", ""),
        "consent_photo_processing": form_flag("consent_photo_processing"),
    }
    return submit_tool("ai_recommendation", TEMPLATE, payload, upload=read_upload("attachment"))
