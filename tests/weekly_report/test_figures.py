"""The report's figures are the admin pages' for the same week, on demo data, on both databases:
the dashboard's tiles and the feedback page's, and what the report breaks down adds up to them
(campaigns past the ten with most leads summed as one row)."""

from datetime import datetime, timedelta

import pytest

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.reports.dashboard import dashboard
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.feedback_report import feedback_report
from leadcapture.reports.weekly import weekly_report
from leadcapture.reports.weekly.settings import ReportSettings, report_settings, save_report_settings
from leadcapture.reports.weekly.week import week_of
from tests.admin.signin import signed_in_client
from tests.weekly_report.helpers import load_demo_data, text_of

DASHBOARD = {
    "visitors": ("visits", "Visitors"),
    "sessions": ("visits", "Sessions"),
    "tool_uses": ("visits", "Tool uses"),
    "leads": ("leads", "Leads"),
    "conversion_rate": ("leads", "Conversion rate"),
    "average_score": ("leads", "Average lead score"),
    "bookings": ("leads", "Bookings"),
}
FEEDBACK_PAGE = {
    "count": ("feedback", "Feedback received"),
    "average": ("feedback", "Average rating"),
    "comments": ("feedback", "Comments"),
    "positive": ("feedback", "Positive comments"),
    "negative": ("feedback", "Negative comments"),
    "response": ("prompts", "Feedback response rate"),
}


def rows(report, key: str) -> list:
    return list(report.section(key).rows)


def test_the_weeks_figures_are_the_dashboards_and_the_feedback_pages(make_app):
    app = make_app()
    week = load_demo_data(app)
    with app.app_context():
        report = weekly_report(week)
        board = dashboard(week)
        feedback = feedback_report(FeedbackFilters(week))
        assert board.current.visitors > 20 and board.current.leads > 0 and feedback.total.count > 0
        for name, (key, label) in DASHBOARD.items():
            row = report.section(key).row(label)
            assert (row.this_week, row.last_week) == (
                getattr(board.current, name),
                getattr(board.previous, name),
            )
        average = report.section("feedback").row("Average rating")
        assert average.this_week == feedback.total.average
        assert report.section("prompts").row("Feedback response rate").this_week == feedback.responses.rate()

        # What the report breaks down adds up to the dashboard's totals, both weeks.
        for now, then in ((board.current, "this_week"), (board.previous, "last_week")):
            tool_rows = [row for row in rows(report, "visits") if row.label.startswith("Tool uses: ")]
            assert sum(getattr(row, then) for row in tool_rows) == now.tool_uses
            levels = rows(report, "engagement")[:4]
            assert sum(getattr(row, then) for row in levels) == now.sessions
            lead_levels = [row for row in rows(report, "leads") if row.label.startswith("Leads, ")]
            assert sum(getattr(row, then) for row in lead_levels) == now.leads
            assert sum(getattr(row, then) for row in rows(report, "campaigns")) == now.leads

    # The pages a marketer opens for the same dates show the same numbers as the report.
    client = signed_in_client(app, "marketing")
    dates = f"from={week.first}&to={week.last}"
    page = client.get(f"/admin/?{dates}").get_data(as_text=True)
    for name, (key, label) in DASHBOARD.items():
        row = report.section(key).row(label)
        assert text_of(page, f"value-{name}") == row.this_week_text, name
        assert text_of(page, f"previous-{name}") == row.last_week_text, name
    page = client.get(f"/admin/feedback?{dates}").get_data(as_text=True)
    for name, (key, label) in FEEDBACK_PAGE.items():
        assert text_of(page, f"value-{name}") == report.section(key).row(label).this_week_text, name


def test_the_ten_campaigns_with_most_leads_are_named_the_rest_summed(app_ctx):
    monday = datetime(2026, 11, 30, 9, 0)
    for number in range(12):
        for copy in range(12 - number):  # campaign c0 has 12 leads this week, c11 one
            db.session.add(
                Lead(
                    email=f"c{number}-{copy}@example.com", first_utm_campaign=f"c{number}", created_at=monday
                )
            )
    db.session.add(Lead(email="untagged@example.com", created_at=monday - timedelta(days=7)))
    db.session.commit()
    section = weekly_report(
        week_of(monday.date()), keys=["campaigns"], now=monday + timedelta(days=8)
    ).sections[0]
    assert [(row.label, row.this_week, row.last_week) for row in section.rows] == [
        *((f"c{number}", 12 - number, 0) for number in range(10)),
        ("Other campaigns", 3, 0),
        ("(not set)", 0, 1),
    ]


def test_the_settings_refuse_sections_no_form_offers(app_ctx):
    with pytest.raises(InputError) as refused:
        save_report_settings({"recipients": ["boss@example.com"], "sections": ["visits", "horoscope"]}, None)
    assert refused.value.fields == {"sections": "Unknown sections: horoscope"}
    assert report_settings() == ReportSettings()
