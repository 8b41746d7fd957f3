"""The admin area: sign-in and the staff pages."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from leadcapture.blueprints.admin import auth, dashboard, sync  # noqa: E402,F401  (routes register on bp)
