"""A lead's marketing consent withdrawn by staff from the lead page (admins and sales)."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.extensions import db
from leadcapture.leads.workflow import lead_for_update
from leadcapture.models.types import utcnow
from leadcapture.privacy.marketing_consent import withdraw_marketing_consent


@bp.post("/leads/<int:lead_id>/consent/withdraw")
@section_required("leads")
def lead_consent_withdraw(lead_id: int):
    lead = lead_for_update(lead_id)
    if lead is None:
        abort(404)
    withdrawn = withdraw_marketing_consent(lead, utcnow(), "admin", actor_id=current_user.id)
    db.session.commit()
    flash(
        "Marketing consent withdrawn." if withdrawn else "There was no marketing consent to withdraw.", "info"
    )
    return redirect(url_for("admin.lead", lead_id=lead_id), 303)
