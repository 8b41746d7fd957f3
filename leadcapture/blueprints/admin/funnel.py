"""The funnel page: visitors → used a tool → offered the form → became a lead → booked; its table
as CSV."""

from dataclasses import asdict

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.funnel import STEPS, funnel, funnel_chart
from leadcapture.reports.period import period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of
from leadcapture.reports.report_csv import FUNNEL_HEADER, funnel_rows


@bp.get("/funnel", endpoint="funnel")
@section_required("funnel")
def funnel_page():
    period = period_from_args(request.args)
    result = funnel(period, request.args)
    return render_template(
        "admin/funnel.html",
        funnel=result,
        chart_config=funnel_chart(result),
        definitions=STEPS,
        filters={name: value for name, value in asdict(result.filters).items() if value},
        presets=PRESET_DAYS,
        preset=preset_of(period),
    )


@bp.get("/funnel.csv")
@section_required("funnel")
def funnel_csv():
    period = period_from_args(request.args)
    rows = funnel_rows(funnel(period, request.args))
    return csv_response(f"funnel-{period.first}-{period.last}.csv", FUNNEL_HEADER, rows)
