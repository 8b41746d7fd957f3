"""The HubSpot sync page: configured or not, credentials, counts, errors, retry buttons."""

from flask import flash, redirect, render_template, request, url_for

from leadcapture.blueprints.admin import bp
from leadcapture.blueprints.admin.access import section_required
from leadcapture.sync.status import retry, sync_overview


@bp.get("/sync")
@section_required("sync")
def sync_page():
    return render_template("admin/sync.html", overview=sync_overview())


@bp.post("/sync/retry")
@section_required("sync")
def sync_retry():
    row = request.form.get("row_id", "")
    count = retry(int(row) if row.isdigit() else None)
    flash(f"{count} change{'s' if count != 1 else ''} queued for HubSpot again.", "info")
    return redirect(url_for("admin.sync_page"))
