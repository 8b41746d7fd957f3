"""Attribution for marketing: leads and bookings credited to sources, mediums or campaigns under a
chosen model, with visitors, conversion rate and average score; a chart and a CSV."""

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.attribution import MODELS
from leadcapture.reports.attribution_report import AttributionReport, attribution_report, query_from_args
from leadcapture.reports.channels import FALLBACKS, GROUPINGS, NO_CAMPAIGN
from leadcapture.reports.csv_export import csv_response

CHART_CHANNELS = 12  # the chart shows the most credited channels; the table shows them all


@bp.get("/attribution")
@section_required("attribution")
def attribution():
    report = attribution_report(query_from_args(request.args))
    return render_template(
        "admin/attribution.html",
        report=report,
        chart_config=chart_config(report),
        models=MODELS,
        groupings=GROUPINGS,
        fallbacks=FALLBACKS,
        no_campaign=NO_CAMPAIGN,
    )


@bp.get("/attribution.csv")
@section_required("attribution")
def attribution_csv():
    report = attribution_report(query_from_args(request.args))
    query = report.query
    header = (
        GROUPINGS[query.grouping],
        "Visitors",
        "Leads (credit)",
        "Bookings (credit)",
        "Conversion rate (%)",
        "Average lead score",
    )
    period = query.period
    filename = f"attribution-{query.model}-{query.grouping}-{period.first}-{period.last}.csv"
    return csv_response(filename, header, (csv_row(row) for row in [*report.rows, report.total]))


def csv_row(row) -> tuple:
    rate = row.conversion_rate
    return (
        row.channel,
        row.visitors,
        f"{row.leads:.2f}",
        f"{row.bookings:.2f}",
        "" if rate is None else f"{100 * rate:.2f}",
        "" if row.average_score is None else f"{row.average_score:.1f}",
    )


def chart_config(report: AttributionReport) -> dict:
    """A Chart.js bar chart of the leads and bookings credited to the top channels."""
    rows = report.rows[:CHART_CHANNELS]
    return {
        "type": "bar",
        "data": {
            "labels": [row.channel for row in rows],
            "datasets": [
                {
                    "label": label,
                    "data": [round(getattr(row, field), 2) for row in rows],
                    "backgroundColor": colour,
                }
                for label, field, colour in (
                    ("Leads", "leads", "#0b7285"),
                    ("Bookings", "bookings", "#f08c00"),
                )
            ],
        },
        "options": {
            "scales": {
                "y": {"beginAtZero": True, "title": {"display": True, "text": "Credited conversions"}}
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }
