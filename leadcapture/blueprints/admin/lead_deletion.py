"""Admins deleting a lead from its page, the deleted leads and undoing a deletion."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.deletion import delete_lead, restorable_until, restore_lead
from leadcapture.leads.locks import locked_lead
from leadcapture.models import Lead
from leadcapture.reports.deleted_leads import deleted_leads


@bp.get("/leads/deleted")
@section_required("deleted_leads")
def deleted_leads_page():
    leads = deleted_leads(current_app.config["DELETED_LEAD_DAYS"])
    return render_template("admin/deleted_leads.html", leads=leads)


@bp.post("/leads/<int:lead_id>/delete")
@section_required("deleted_leads")
def lead_delete(lead_id: int):
    return _change(lead_id, delete_lead, "Lead deleted: hidden from the lists, restorable until {until}.")


@bp.post("/leads/<int:lead_id>/restore")
@section_required("deleted_leads")
def lead_restore(lead_id: int):
    return _change(lead_id, restore_lead, "Lead restored.")


def _change(lead_id: int, action, done: str):
    """Run ``action`` on the locked lead; refused input is flashed on the lead's page."""
    lead = locked_lead(Lead.id == lead_id)
    if lead is None:
        abort(404)
    try:
        action(lead, current_user)
    except InputError as error:
        db.session.rollback()
        flash(" ".join(error.fields.values()), "error")
    else:
        until = restorable_until(lead)
        flash(done.format(until=f"{until:%Y-%m-%d %H:%M} UTC" if until else ""), "info")
    return redirect(url_for("admin.lead", lead_id=lead_id), 303)
