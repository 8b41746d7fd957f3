"""Product analytics for admins and marketing: active visitors, retention cohorts, the event
explorer and abandonment points, each with its CSV."""

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.analytics import abandonment, active, explorer, retention
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.period import Period, period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of


def _picker(period: Period) -> dict:
    return {"presets": PRESET_DAYS, "preset": preset_of(period)}


def _filename(name: str, period: Period) -> str:
    return f"{name}-{period.first}-{period.last}.csv"


@bp.get("/analytics/active")
@section_required("analytics")
def analytics_active():
    report = active.active_visitors(period_from_args(request.args))
    return render_template(
        "admin/analytics_active.html",
        report=report,
        chart_config=active.active_chart(report),
        **_picker(report.period),
    )


@bp.get("/analytics/active.csv")
@section_required("analytics")
def analytics_active_csv():
    report = active.active_visitors(period_from_args(request.args))
    return csv_response(_filename("active-visitors", report.period), active.HEADER, active.csv_rows(report))


@bp.get("/analytics/retention")
@section_required("analytics")
def analytics_retention():
    report = retention.retention(*retention.retention_args(request.args))
    return render_template(
        "admin/analytics_retention.html",
        report=report,
        groupings=retention.GROUPINGS,
        **_picker(report.period),
    )


@bp.get("/analytics/retention.csv")
@section_required("analytics")
def analytics_retention_csv():
    report = retention.retention(*retention.retention_args(request.args))
    return csv_response(_filename("retention", report.period), retention.HEADER, retention.csv_rows(report))


@bp.get("/analytics/events")
@section_required("analytics")
def analytics_events():
    report = explorer.explorer(explorer.explorer_filters(request.args))
    return render_template(
        "admin/analytics_events.html",
        report=report,
        chart_config=explorer.explorer_chart(report),
        choices=explorer.filter_choices(),
        **_picker(report.filters.period),
    )


@bp.get("/analytics/events.csv")
@section_required("analytics")
def analytics_events_csv():
    report = explorer.explorer(explorer.explorer_filters(request.args))
    return csv_response(
        _filename("events", report.filters.period), explorer.HEADER, explorer.csv_rows(report)
    )


@bp.get("/analytics/abandonment")
@section_required("analytics")
def analytics_abandonment():
    report = abandonment.abandonment(*abandonment.abandonment_args(request.args))
    return render_template(
        "admin/analytics_abandonment.html",
        report=report,
        chart_config=abandonment.abandonment_chart(report),
        tools=abandonment.TOOLS,
        **_picker(report.period),
    )


@bp.get("/analytics/abandonment.csv")
@section_required("analytics")
def analytics_abandonment_csv():
    report = abandonment.abandonment(*abandonment.abandonment_args(request.args))
    return csv_response(
        _filename("abandonment", report.period), abandonment.HEADER, abandonment.csv_rows(report)
    )
