"""The face-photo page: explicit consent, an optional photo and concerns in, suggestions out."""

from flask import Blueprint, request

from leadcapture.blueprints.tool_pages import form_flag, show_tool, submit_tool
from leadcapture.blueprints.uploads import read_upload

bp = Blueprint("face_analysis", __name__, url_prefix="/tools/face-analysis")
TEMPLATE = "tools/face_analysis.html"


@bp.get("/")
def page():
    return show_tool("face_analysis", TEMPLATE)


@bp.post("/")
def submit():
    payload = {
        "concerns": request.form.getlist("concerns"),
        "consent_photo_processing": form_flag("consent_photo_processing"),
    }
    return submit_tool("face_analysis", TEMPLATE, payload, upload=read_upload("photo"))
