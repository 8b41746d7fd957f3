"""The admin blueprint: each section module of the package registers its routes on ``bp``."""

from flask import Blueprint

from leadcapture.blueprints.admin.access import navigation

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.app_context_processor
def admin_navigation() -> dict:
    return {"admin_navigation": navigation}
