"""``POST /api/v1/tools/<tool>`` and ``GET /api/v1/tools``: the CTA tools for headless clients."""

from flask import jsonify, request, url_for

from leadcapture.apidoc.models import MAX_TIME_ON_TOOL
from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import (
    analytics_consent_from,
    json_object,
    optional_string,
    optional_utm,
    visitor_id_from,
)
from leadcapture.blueprints.api.responses import tool_response
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.uploads import read_upload
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.cta.registry import TOOLS
from leadcapture.cta.tool import Tool, form_flag
from leadcapture.errors import InputError


@bp.get("/tools")
def list_tools():
    return jsonify(
        {
            "tools": [
                {
                    "name": info.name,
                    "title": info.title,
                    "description": info.summary,
                    "url": url_for("api.use_tool", tool=info.name),
                    "page": url_for(info.page_endpoint),
                    "input_schema": info.input_model.model_json_schema(),
                }
                for info in TOOLS.values()
            ]
        }
    )


@bp.post("/tools/<tool>")
def use_tool(tool: str):
    info = TOOLS.get(tool)
    if info is None:
        raise ApiError(404, f"No tool {tool!r}; use one of {', '.join(TOOLS)}.")
    multipart = request.mimetype == "multipart/form-data"
    body, upload = _multipart_body(info) if multipart else (json_object(), None)
    ctx = visit_context(
        visitor_id=visitor_id_from(body),
        page_url=optional_string(body, "page_url"),
        referrer=optional_string(body, "referrer"),
        utm=optional_utm(body),
        analytics_consent=analytics_consent_from(body),
    )
    try:
        outcome = info.use(ctx, body, upload=upload, time_on_tool=_time_on_tool(body))
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    remember_visitor(outcome.recorded.visit if outcome.recorded else None)
    outcome.result = info.api_result(outcome.result)
    return jsonify(tool_response(outcome))


def _multipart_body(info: type[Tool]) -> tuple[dict, bytes | None]:
    """A multipart upload: form fields as a body (``concerns`` possibly repeated, consent flags as
    booleans), and the file."""
    body = {key: request.form.get(key) for key in request.form if key != "concerns"}
    body["concerns"] = [c for value in request.form.getlist("concerns") for c in value.split(",") if c]
    body.update({flag: form_flag(request.form, flag) for flag in info.consent_flags})
    if "analytics_consent" in body:
        body["analytics_consent"] = form_flag(request.form, "analytics_consent")
    return body, read_upload(info.upload_field)


def _time_on_tool(body: dict) -> int | None:
    value = body.get("time_on_tool_seconds")
    if value is None:
        return None
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_TIME_ON_TOOL:
        raise ApiError(
            422, "time_on_tool_seconds is not valid.", {"time_on_tool_seconds": "Whole seconds, 0 to 86400."}
        )
    return value
