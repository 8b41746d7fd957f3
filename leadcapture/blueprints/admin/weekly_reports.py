"""The weekly report in the admin: its settings (admins) and the archive of every report sent
(admins and marketing), each shown as it was emailed."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.weekly_report_forms import (
    WeeklyReportForm,
    form_data,
    section_fields,
    settings_values,
)
from leadcapture.errors import InputError
from leadcapture.reports.pdf.response import pdf_response
from leadcapture.reports.weekly.archive import archived_report, archived_reports
from leadcapture.reports.weekly.model import WeeklyReport
from leadcapture.reports.weekly.pdf import weekly_pdf
from leadcapture.reports.weekly.settings import report_settings, save_report_settings
from leadcapture.security_headers import SANDBOX, framed_document

PAGE_SIZE = 52


@bp.route("/weekly-report", methods=["GET", "POST"])
@section_required("weekly_report")
def weekly_report_settings():
    form = WeeklyReportForm(data=form_data(report_settings()))
    errors = {}
    if form.validate_on_submit():
        try:
            save_report_settings(settings_values(form), current_user.id)
        except InputError as error:
            errors = error.fields
        else:
            flash("Weekly report settings saved.", "info")
            return redirect(url_for("admin.weekly_report_settings"))
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "admin/weekly_report_settings.html", form=form, sections=section_fields(form), errors=errors
    )
    return page, status


@bp.get("/weekly-reports")
@section_required("report_archive")
def weekly_reports():
    reports = archived_reports(request.args.get("before", type=date.fromisoformat), PAGE_SIZE)
    return render_template(
        "admin/weekly_reports.html",
        reports=reports,
        more=len(reports) == PAGE_SIZE,
        settings_link=may_see(current_user, "weekly_report"),
    )


@bp.get("/weekly-reports/<int:report_id>")
@section_required("report_archive")
def weekly_report_archive(report_id: int):
    archive = archived_report(report_id) or abort(404)
    return render_template("admin/weekly_report.html", archive=archive, sandbox=SANDBOX)


@bp.get("/weekly-reports/<int:report_id>/email")
@framed_document
@section_required("report_archive")
def weekly_report_email(report_id: int):
    """The archived HTML, framed by the report's page: sandboxed, no scripts (``framed_document``)."""
    archive = archived_report(report_id) or abort(404)
    return Response(archive.html_body, mimetype="text/html")


@bp.get("/weekly-reports/<int:report_id>/report.pdf")
@section_required("report_archive")
def weekly_report_pdf(report_id: int):
    archive = archived_report(report_id) or abort(404)
    data = weekly_pdf(WeeklyReport.from_dict(archive.report))
    return pdf_response(f"weekly-report-{archive.week_start}", data)
