"""Abandonment points on hand-built sessions (Mar 1, 2026): tools begun, completed and left, the
last step and last event of each session that left, the tool filter, the CSV and bad filters."""

from datetime import timedelta

import pytest

from leadcapture.extensions import db
from tests.admin.analytics_data import csv_rows, page_of, table_rows
from tests.admin.report_data import at, session, visitor
from tests.admin.signin import signed_in_client
from tests.admin.test_analytics_events import event

PERIOD = "from=2026-03-01&to=2026-03-01"
CALC, BOOK, FACE = "cost_calculator", "appointment_booking", "face_analysis"
SESSIONS = {  # session start: its events (type, name) a minute apart
    "2026-03-01 09:00": (
        ("tool_usage", f"{CALC}:start"),
        ("tool_usage", f"{CALC}:result"),
        ("page_view", "Home"),
    ),
    "2026-03-01 10:00": (("tool_usage", f"{CALC}:start"), ("click", "back")),
    "2026-03-01 11:00": (
        ("tool_usage", f"{BOOK}:start"),
        ("tool_usage", f"{BOOK}:slot"),
        ("page_view", "Prices"),
    ),
    "2026-03-01 12:00": (("tool_usage", f"{BOOK}:start"), ("tool_usage", f"{BOOK}:slot")),
    "2026-03-01 13:00": (("tool_usage", f"{BOOK}:start"), ("tool_usage", f"{BOOK}:slot")),
    "2026-03-01 14:00": (
        ("tool_usage", f"{CALC}:start"),
        ("tool_usage", f"{FACE}:start"),
        ("tool_usage", f"{FACE}:failed"),
        ("tool_usage", f"{FACE}:result"),
    ),
    "2026-02-28 23:58": (("tool_usage", f"{CALC}:start"),),  # a session of the day before
    "2026-03-01 15:00": (("page_view", "Home"),),  # no tool
}


@pytest.fixture
def marketing(app):
    with app.app_context():
        for number, (start, events) in enumerate(SESSIONS.items()):
            visitor_id = visitor(f"V{number}")
            session_id = session(visitor_id, start)
            for minute, (event_type, name) in enumerate(events, start=1):
                when = at(start) + timedelta(minutes=minute)
                event(visitor_id, session_id, when.isoformat(sep=" "), event_type, name, "low", None)
        db.session.commit()
    return signed_in_client(app, "marketing")


TOOLS = [
    [FACE, "1", "1", "0", "0.0%"],
    [CALC, "3", "1", "2", "66.7%"],
    [BOOK, "3", "0", "3", "100.0%"],
]
POINTS = [
    [BOOK, "slot", f"tool_usage: {BOOK}:slot", "2", "66.7%"],
    [BOOK, "slot", "page_view: Prices", "1", "33.3%"],
    [CALC, "start", "click: back", "1", "50.0%"],
    [CALC, "start", f"tool_usage: {FACE}:result", "1", "50.0%"],
]


def test_tools_begun_completed_and_where_the_others_stopped(marketing):
    page = page_of(marketing, f"/admin/analytics/abandonment?{PERIOD}")
    assert table_rows(page, "tools-table") == TOOLS
    assert table_rows(page, "points-table") == POINTS
    assert 'data-testid="chart-abandonment"' in page


def test_one_tool(marketing):
    page = page_of(marketing, f"/admin/analytics/abandonment?{PERIOD}&tool={CALC}")
    assert table_rows(page, "tools-table") == [TOOLS[1]]
    assert table_rows(page, "points-table") == POINTS[2:]


def test_the_day_before_has_its_own_session(marketing):
    page = page_of(marketing, "/admin/analytics/abandonment?from=2026-02-28&to=2026-02-28")
    assert table_rows(page, "tools-table") == [[CALC, "1", "0", "1", "100.0%"]]
    assert table_rows(page, "points-table") == [[CALC, "start", f"tool_usage: {CALC}:start", "1", "100.0%"]]


def test_the_csv_equals_the_page(marketing):
    header, rows = csv_rows(marketing, f"/admin/analytics/abandonment.csv?{PERIOD}")
    assert header[:4] == ["tool", "stopped_after_step", "last_event", "sessions"]
    assert [[*row[:4], row[4] + "%"] for row in rows] == POINTS


@pytest.mark.parametrize("query", ["tool=hammer", "from=yesterday", "days=99999"])
def test_bad_filters_get_the_400_page(marketing, query):
    for path in ("/admin/analytics/abandonment", "/admin/analytics/abandonment.csv"):
        assert marketing.get(f"{path}?{query}").status_code == 400
