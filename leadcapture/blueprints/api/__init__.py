"""The public JSON API, version 1."""

from flask import Blueprint, current_app

from leadcapture.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Per client IP; the limit is read from the app's config on each request.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

from leadcapture.blueprints.api import events, leads, openapi, prompts, tools  # noqa: E402,F401  (routes)
