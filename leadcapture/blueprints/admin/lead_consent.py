"""A lead's marketing consent withdrawn by staff from the lead page (admins and sales)."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.extensions import db
from leadcapture.leads.locks import locked_lead
from leadcapture.models import Lead
from leadcapture.models.types import utcnow
from leadcapture.privacy.marketing_consent import withdraw_by_staff
from leadcapture.reports.lead_access import visible


@bp.post("/leads/<int:lead_id>/consent/withdraw")
@section_required("leads")
def lead_consent_withdraw(lead_id: int):
    lead = locked_lead(Lead.id == lead_id, Lead.deleted_at.is_(None), *visible(viewer_scope())) or abort(404)
    outcome = withdraw_by_staff(lead, current_user.id, utcnow())
    db.session.commit()
    flash(outcome.capitalize() + ".", "info")
    return redirect(url_for("admin.lead", lead_id=lead_id), 303)
