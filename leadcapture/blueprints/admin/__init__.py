"""The admin area: sign-in and the staff pages, one module per section."""

import importlib
import pkgutil

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.app_context_processor
def admin_navigation() -> dict:
    from leadcapture.blueprints.admin.access import navigation

    return {"admin_navigation": navigation}


# Every module of the package registers its routes on ``bp`` when imported.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
