"""The admin area: sign-in and the staff pages, one module per section (each imported here, so its
routes are on ``bp``)."""

from leadcapture.blueprints.admin import (  # noqa: F401  (their routes and template filters)
    alert_rules,
    analytics,
    attribution,
    audit,
    auth,
    dashboard,
    errors,
    experiment_results,
    experiments,
    feedback,
    feedback_levels,
    funnel,
    impact,
    interactions,
    lead_consent,
    lead_deletion,
    lead_privacy,
    leads,
    mail,
    media,
    next_action_rules,
    next_actions,
    notifications,
    prompt_settings,
    rule_learning,
    rule_settings,
    rule_suggestions,
    rule_text,
    rule_versions,
    rules,
    session_timeout,
    sync,
    system,
    users,
    webhooks,
    weekly_reports,
)
from leadcapture.blueprints.admin.blueprint import bp

__all__ = ["bp"]
