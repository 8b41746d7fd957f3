"""Who may see which admin page: the access matrix, the guard and the navigation built from them."""

from functools import wraps

from flask import abort, current_app
from flask_login import current_user, login_required

from leadcapture.reports.lead_access import lead_scope

# Admins see everything; this lists who else may open each section.
SECTION_ROLES: dict[str, tuple[str, ...]] = {
    "dashboard": ("sales", "marketing"),
    "leads": ("sales",),
    "deleted_leads": (),
    "interactions": ("sales", "marketing"),
    "funnel": ("marketing",),
    "attribution": ("marketing",),
    # Sales see a lead's feedback on its page (the leads section).
    "feedback": ("marketing",),
    "rules": (),
    "users": (),
    "sync": (),
    "audit": (),
    "mail": (),
    "webhooks": (),
    "prompts": (),
    # The weekly report's settings; its archive (every report sent) marketing may read too.
    "weekly_report": (),
    "report_archive": ("marketing",),
    # Product analytics: active visitors, retention, the event explorer, abandonment points.
    "analytics": ("marketing",),
    # The business-impact table of behaviour events.
    "impact": (),
    # Next actions for sales (leadcapture.insights), and the rules that give them.
    "next_actions": ("sales",),
    "next_action_rules": (),
    # Readiness, metrics and job figures (the System page).
    "system": (),
    # A lead's export and erasure (on its page).
    "privacy": (),
    # Everyone's own notifications and the live feed; the alert rules are the admins'.
    "notifications": ("sales", "marketing"),
    "alerts": (),
    # A/B experiments: define, start, stop and ship them.
    "experiments": ("marketing",),
}

# The navigation, in order: (endpoint, label, section).
NAVIGATION = (
    ("admin.index", "Dashboard", "dashboard"),
    ("admin.leads", "Leads", "leads"),
    ("admin.next_actions", "Next actions", "next_actions"),
    ("admin.interactions", "Interactions", "interactions"),
    ("admin.funnel", "Funnel", "funnel"),
    ("admin.attribution", "Attribution", "attribution"),
    ("admin.analytics_active", "Analytics", "analytics"),
    ("admin.feedback", "Feedback", "feedback"),
    ("admin.experiments", "Experiments", "experiments"),
    ("admin.rules", "Rules", "rules"),
    ("admin.users", "Users", "users"),
    ("admin.sync_page", "HubSpot sync", "sync"),
    ("admin.audit", "Audit log", "audit"),
    ("admin.mail_page", "Mail", "mail"),
    ("admin.webhooks", "Webhooks", "webhooks"),
    ("admin.prompt_settings_page", "Prompts", "prompts"),
    ("admin.weekly_reports", "Weekly report", "report_archive"),
    ("admin.impact_page", "Impact", "impact"),
    ("admin.alert_rules", "Alerts", "alerts"),
    ("admin.system_page", "System", "system"),
)


def may_see(user, section: str) -> bool:
    """Whether ``user`` (signed in) may open ``section``."""
    return user.role == "admin" or user.role in SECTION_ROLES[section]


def roles_required(*roles: str):
    """Signed-in users with one of ``roles`` (admins always) may pass; others get 403."""

    def decorate(view):
        @wraps(view)
        @login_required
        def guarded(*args, **kwargs):
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


def section_required(section: str):
    """Guard a view with the roles the access matrix gives ``section``.

    The guarded view keeps its section as ``admin_section``: the access tests find every admin
    page through it, so a page without a guard fails them.
    """
    guard = roles_required(*SECTION_ROLES[section])

    def decorate(view):
        guarded = guard(view)
        guarded.admin_section = section
        return guarded

    return decorate


def viewer_scope() -> int | None:
    """The signed-in user's lead scope (``reports.lead_access``): ``SALES_SEE=own`` limits sales."""
    return lead_scope(current_user.role, current_user.id, current_app.config["SALES_SEE"])


def navigation() -> list[tuple[str, str]]:
    """(endpoint, label) of the sections the signed-in user may open."""
    if not current_user.is_authenticated:
        return []
    views = current_app.view_functions
    return [
        (endpoint, label)
        for endpoint, label, section in NAVIGATION
        if endpoint in views and may_see(current_user, section)
    ]
