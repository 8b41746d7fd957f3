"""Leads for sales: the filtered list, its CSV export, and a lead's page with its workflow."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.admin_audit import log_admin_action
from leadcapture.blueprints.admin.access import may_see, section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.insights.read import lead_insight
from leadcapture.leads.deletion import restorable_until
from leadcapture.leads.locks import locked_lead
from leadcapture.leads.submitted import accept_submitted
from leadcapture.leads.workflow import (
    CLOSED,
    add_note,
    assign_owner,
    assignable_users,
    change_status,
    next_statuses,
)
from leadcapture.media import media_of_visitors
from leadcapture.models import ATTRIBUTION_FIELDS, LEAD_STATUSES, Lead
from leadcapture.models.types import utcnow
from leadcapture.privacy.marketing_consent import last_withdrawal
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.feedback_people import lead_person
from leadcapture.reports.journey import journey
from leadcapture.reports.lead_access import visible, visible_lead
from leadcapture.reports.lead_detail import lead_detail
from leadcapture.reports.leads import CSV_HEADER, LEVELS, csv_rows, lead_filters, lead_page
from leadcapture.reports.list_args import page_number
from leadcapture.reports.submitted import submitted_lines


@bp.get("/leads")
@section_required("leads")
def leads():
    filters = lead_filters(request.args, viewer_scope())
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
    filters = lead_filters(request.args, viewer_scope())
    log_admin_action(current_user.id, "leads.export", "leads", None, {"filters": filters.as_args()})
    return csv_response(f"leads-{utcnow():%Y-%m-%d}.csv", CSV_HEADER, csv_rows(filters))


@bp.get("/leads/<int:lead_id>")
@section_required("leads")
def lead(lead_id: int):
    return _lead_page(_visible(lead_id))


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


@bp.post("/leads/<int:lead_id>/submitted/<int:detail_id>/accept")
@section_required("leads")
def accept_submitted_value(lead_id: int, detail_id: int):
    lead = _locked(lead_id)
    return _act(lead, lambda: accept_submitted(lead, detail_id, current_user), "Submitted value accepted.")


@bp.post("/leads/<int:lead_id>/notes")
@section_required("leads")
def lead_note(lead_id: int):
    lead = _visible(lead_id)
    return _act(lead, lambda: add_note(lead, request.form.get("text", ""), current_user), "Note added.")


def _visible(lead_id: int) -> Lead:
    """The lead if the signed-in user may see it; else 404, as if it did not exist."""
    return _shown(visible_lead(lead_id, viewer_scope()))


def _locked(lead_id: int) -> Lead:
    return _shown(locked_lead(Lead.id == lead_id, *visible(viewer_scope())))


def _shown(lead: Lead | None) -> Lead:
    """The lead, unless it is missing or (for all but admins, who may restore it) deleted: 404."""
    if lead is None or (lead.deleted_at is not None and not may_see(current_user, "deleted_leads")):
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
        journey=journey(detail.visitor_ids, scope=viewer_scope()),
        submitted=submitted_lines(lead),
        media=media_of_visitors(detail.visitor_ids),
        next_statuses=next_statuses(lead.status),
        reopening=lead.status in CLOSED,
        owners=assignable_users(),
        error=error,
        link_leads=True,
        restorable_until=restorable_until(lead),
        consent_withdrawal=last_withdrawal(lead.id),
        feedback=lead_person(lead.id),
        link_feedback=may_see(current_user, "feedback"),
        insight=lead_insight(lead, utcnow()),
    )
