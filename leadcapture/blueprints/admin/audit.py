"""The admin audit log page (admins only): staff actions newest first, filtered by action and user."""

from flask import render_template, request

from leadcapture.accounts import list_users
from leadcapture.admin_audit import AuditFilters, action_label, audit_page, logged_actions
from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.list_args import page_number, text, whole_number


@bp.get("/audit")
@section_required("audit")
def audit():
    filters = AuditFilters(
        action=text(request.args, "action"), actor_id=whole_number(request.args, "user", 1, 2**31 - 1)
    )
    return render_template(
        "admin/audit.html",
        filters=filters,
        page=audit_page(filters, page_number(request.args)),
        actions=logged_actions(),
        users=list_users(),
        action_label=action_label,
    )
