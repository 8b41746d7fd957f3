"""The public JSON API, version 1."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from leadcapture.blueprints.api import events  # noqa: E402,F401  (routes register on bp)
