"""The public JSON API's blueprint, rate limited per client IP; each module of the package registers
its routes on ``bp``."""

from flask import Blueprint, current_app

from leadcapture.extensions import limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# The limit is read from the app's config on each request.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)
