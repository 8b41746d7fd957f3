"""The HubSpot sync page: configured or not, credentials, counts, the queue's age, errors, retries."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.models.types import utcnow
from leadcapture.sync.status import retry, sync_overview


@bp.get("/sync")
@section_required("sync")
def sync_page():
    return render_template("admin/sync.html", overview=sync_overview(), now=utcnow())


@bp.post("/sync/retry")
@section_required("sync")
def sync_retry():
    row = request.form.get("row_id", "")
    count = retry(int(row) if row.isdigit() else None, current_user.id)
    flash(f"{count} change{'s' if count != 1 else ''} queued for HubSpot again.", "info")
    return redirect(url_for("admin.sync_page"))


@bp.app_template_filter()
def duration_text(span: timedelta) -> str:
    """``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``."""
    seconds = max(int(span.total_seconds()), 0)
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if seconds < 60:
        return f"{seconds} s"
    if hours < 1:
        return f"{minutes} min"
    if days < 1:
        return f"{hours} h {minutes % 60} min"
    return f"{days} d {hours % 24} h"
