"""``GET /api/openapi.json``: the OpenAPI document of the public API (outside /api/v1, not rate limited)."""

from flask import Blueprint, jsonify

from leadcapture.apidoc.document import openapi_document

bp = Blueprint("api_docs", __name__, url_prefix="/api")


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(openapi_document())
