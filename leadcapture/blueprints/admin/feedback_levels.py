"""The feedback drill-down (seed 002's three levels): an organisation's feedback and people (and its
report as a PDF), a person's feedback and sessions, and a session's feedback with the journey
around it."""

from flask import abort, render_template, request
from flask_login import current_user

from leadcapture.admin_audit import log_admin_action
from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.feedback_charts import daily_ratings, ratings_chart
from leadcapture.reports.feedback_people import (
    Person,
    lead_person,
    organisation_feedback,
    sessions_of,
    visitor_person,
)
from leadcapture.reports.feedback_session import session_feedback
from leadcapture.reports.organisation_pdf import organisation_document
from leadcapture.reports.pdf.response import pdf_response
from leadcapture.reports.period import period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of
from leadcapture.reports.summaries import session_summary


@bp.get("/feedback/organisations/<path:organisation>")
@section_required("feedback")
def feedback_organisation(organisation: str):
    period = period_from_args(request.args)
    found = organisation_feedback(organisation, period) or abort(404)
    return render_template(
        "admin/feedback_organisation.html",
        organisation=found,
        chart_config=ratings_chart(daily_ratings(found.feedback)),
        presets=PRESET_DAYS,
        preset=preset_of(period),
    )


@bp.get("/feedback/organisations/<path:organisation>/report.pdf")
@section_required("feedback")
def feedback_organisation_pdf(organisation: str):
    period = period_from_args(request.args)
    document = organisation_document(organisation, period) or abort(404)
    # fpdf and matplotlib are loaded on use (tests/app/test_startup.py)
    from leadcapture.reports.pdf.render import render_pdf

    data = render_pdf(document)
    detail = {"organisation": organisation, **period.as_args()}  # a key can outgrow target_id
    log_admin_action(current_user.id, "feedback.organisation_report", "organisation", None, detail)
    return pdf_response(f"feedback-{organisation}-{period.first}-{period.last}", data)


@bp.get("/feedback/leads/<int:lead_id>")
@section_required("feedback")
def feedback_lead(lead_id: int):
    return _person_page(lead_person(lead_id))


@bp.get("/feedback/visitors/<visitor_id>")
@section_required("feedback")
def feedback_visitor(visitor_id: str):
    return _person_page(visitor_person(visitor_id))


def _person_page(found: Person | None):
    found = found or abort(404)
    return render_template(
        "admin/feedback_person.html",
        person=found,
        sessions=sessions_of(found),
        chart_config=ratings_chart(daily_ratings(found.feedback)),
        link_leads=may_see(current_user, "leads"),
    )


@bp.get("/feedback/sessions/<session_id>")
@section_required("feedback")
def feedback_session(session_id: str):
    found = session_feedback(session_id) or abort(404)
    return render_template(
        "admin/feedback_session.html",
        found=found,
        summary=session_summary(found.session),
        journey=found.journey,
        link_leads=may_see(current_user, "leads"),
        link_feedback=True,
    )
