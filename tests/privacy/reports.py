"""Every count the admin's reports show, to compare before and after an erasure."""

from leadcapture.reports.attribution import MODELS
from leadcapture.reports.attribution_report import attribution_report, query_from_args
from leadcapture.reports.dashboard import dashboard
from leadcapture.reports.funnel import funnel
from leadcapture.reports.period import last_days


def report_figures() -> dict:
    """The dashboard's figures and daily series, the funnel (overall and per tool) and attribution
    under every model and grouping, for the last 7 days."""
    period = last_days(7)
    board = dashboard(period)
    attribution = {
        (model, group): attribution_report(query_from_args({"model": model, "group": group, "days": "7"}))
        for model in MODELS
        for group in ("source", "medium", "campaign")
    }
    return {
        "dashboard": (board.current, board.previous, board.daily),
        "funnel": [funnel(period, filters).steps for filters in ({}, {"tool": "cost_calculator"})],
        "attribution": {key: (report.rows, report.total) for key, report in attribution.items()},
    }
