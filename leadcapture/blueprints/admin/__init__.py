"""The admin area: sign-in and the staff pages, one module per section (each imported here, so its
routes are on ``bp``)."""

from leadcapture.blueprints.admin import (  # noqa: F401  (their routes and template filters)
    attribution,
    auth,
    dashboard,
    errors,
    funnel,
    interactions,
    lead_privacy,
    leads,
    mail,
    rule_settings,
    rule_text,
    rule_versions,
    rules,
    sync,
    users,
)
from leadcapture.blueprints.admin.blueprint import bp

__all__ = ["bp"]
