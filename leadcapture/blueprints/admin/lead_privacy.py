"""A lead's data-subject requests from its page, for admins only: its export (a ZIP download) and
its erasure (after a confirmation page). Both are logged (``leadcapture.privacy.requests``)."""

import tempfile

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from leadcapture.admin_audit import record_admin_action
from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.privacy.person import person_of
from leadcapture.privacy.requests import erase_request, export_request


@bp.get("/leads/<int:lead_id>/export")
@section_required("privacy")
def lead_export(lead_id: int):
    lead = _not_erased(lead_id)
    archive = tempfile.TemporaryFile()  # noqa: SIM115  (send_file closes it with the response)
    record_admin_action(current_user.id, "person.export", "lead", lead_id)  # committed with the request's log
    export_request(lead.email, archive, "admin", current_user.id)
    archive.seek(0)
    name = f"lead-{lead_id}-data.zip"
    return send_file(archive, mimetype="application/zip", as_attachment=True, download_name=name)


@bp.get("/leads/<int:lead_id>/erase")
@section_required("privacy")
def lead_erase_confirm(lead_id: int):
    lead = _not_erased(lead_id)
    return render_template("admin/lead_erase.html", lead=lead, visitors=len(person_of(lead).visitor_ids))


@bp.post("/leads/<int:lead_id>/erase")
@section_required("privacy")
def lead_erase(lead_id: int):
    email = _not_erased(lead_id).email
    record_admin_action(current_user.id, "person.erase", "lead", lead_id)  # committed with the erasure
    result = erase_request(email, "admin", current_user.id)
    flash(f"The person was erased ({result.summary()}); HubSpot's contact delete is queued.", "info")
    return redirect(url_for("admin.lead", lead_id=lead_id), 303)


@bp.app_context_processor
def privacy_actions() -> dict:
    return {"may_request_privacy": lambda: may_see(current_user, "privacy")}


def _not_erased(lead_id: int) -> Lead:
    lead = db.get_or_404(Lead, lead_id)
    if lead.erased_at is not None:
        abort(404)
    return lead
