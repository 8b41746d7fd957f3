"""The admin landing page: the period's figures against the previous period, and a daily chart;
the same as CSV."""

from flask import render_template, request
from flask_login import current_user

from leadcapture.blueprints.admin.access import may_see, section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.csv_export import csv_response
from leadcapture.reports.dashboard import change, daily_chart, dashboard, tiles
from leadcapture.reports.period import period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of
from leadcapture.reports.report_csv import DASHBOARD_HEADER, dashboard_rows


@bp.get("/")
@section_required("dashboard")
def index():
    period = period_from_args(request.args)
    board = dashboard(period)
    return render_template(
        "admin/index.html",
        board=board,
        tiles=tiles(board),
        change=change,
        daily_chart=daily_chart(board.daily),
        presets=PRESET_DAYS,
        preset=preset_of(period),
        sync_link=may_see(current_user, "sync"),
    )


@bp.get("/dashboard.csv")
@section_required("dashboard")
def dashboard_csv():
    period = period_from_args(request.args)
    rows = dashboard_rows(dashboard(period))
    return csv_response(f"dashboard-{period.first}-{period.last}.csv", DASHBOARD_HEADER, rows)
