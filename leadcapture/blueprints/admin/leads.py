"""Leads for sales: the filtered list, its CSV export, and a lead's page with its workflow."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.workflow import (
    CLOSED,
    add_note,
    assign_owner,
    assignable_users,
    change_status,
    lead_for_update,
    next_statuses,
)
from leadcapture.models import ATTRIBUTION_FIELDS, LEAD_STATUSES, Lead
from leadcapture.models.types import utcnow
from leadcapture.privacy.marketing_consent import last_withdrawal
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.journey import journey
from leadcapture.reports.lead_detail import lead_detail
from leadcapture.reports.leads import CSV_HEADER, LEVELS, csv_rows, lead_filters, lead_page
from leadcapture.reports.list_args import page_number


@bp.get("/leads")
@section_required("leads")
def leads():
    filters = lead_filters(request.args)
    return render_template(
        "admin/leads.html",
        filters=filters,
        page=lead_page(filters, page_number(request.args)),
        owners=assignable_users(),
        statuses=LEAD_STATUSES,
        levels=LEVELS,
        tools=TOOLS,
    )


@bp.get("/leads.csv")
@section_required("leads")
def leads_csv():
    filters = lead_filters(request.args)
    return csv_response(f"leads-{utcnow():%Y-%m-%d}.csv", CSV_HEADER, csv_rows(filters))


@bp.get("/leads/<int:lead_id>")
@section_required("leads")
def lead(lead_id: int):
    return _lead_page(db.get_or_404(Lead, lead_id))


@bp.post("/leads/<int:lead_id>/status")
@section_required("leads")
def lead_status(lead_id: int):
    lead = _locked(lead_id)
    to_status, expected = request.form.get("status", ""), request.form.get("from") or None
    return _act(
        lead, lambda: change_status(lead, to_status, current_user, expected), f"Status set to {to_status}."
    )


@bp.post("/leads/<int:lead_id>/owner")
@section_required("leads")
def lead_owner(lead_id: int):
    lead = _locked(lead_id)
    owner = request.form.get("owner_id", "")
    return _act(lead, lambda: assign_owner(lead, _owner_id(owner), current_user), "Owner saved.")


@bp.post("/leads/<int:lead_id>/notes")
@section_required("leads")
def lead_note(lead_id: int):
    lead = db.get_or_404(Lead, lead_id)
    return _act(lead, lambda: add_note(lead, request.form.get("text", ""), current_user), "Note added.")


def _locked(lead_id: int) -> Lead:
    lead = lead_for_update(lead_id)
    if lead is None:
        abort(404)
    return lead


def _owner_id(value: str) -> int | None:
    if not value:
        return None
    if not (value.isascii() and value.isdigit()):
        raise InputError({"owner": "choose a user from the list"})
    return int(value)


def _act(lead: Lead, action, done: str):
    """Run a change; on refused input show the lead page again with what to correct."""
    lead_id = lead.id
    try:
        action()
    except InputError as error:
        db.session.rollback()
        status = 400 if error.status == 422 else error.status
        return _lead_page(db.session.get(Lead, lead_id), error), status
    flash(done, "info")
    return redirect(url_for("admin.lead", lead_id=lead_id), 303)


def _lead_page(lead: Lead, error: InputError | None = None):
    detail = lead_detail(lead)
    return render_template(
        "admin/lead.html",
        detail=detail,
        lead=lead,
        attribution_fields=ATTRIBUTION_FIELDS,
        journey=journey(detail.visitor_ids),
        next_statuses=next_statuses(lead.status),
        reopening=lead.status in CLOSED,
        owners=assignable_users(),
        error=error,
        link_leads=True,
        consent_withdrawal=last_withdrawal(lead.id),
    )
