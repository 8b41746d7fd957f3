"""Active visitors per day, week and month and stickiness on hand-built visits (March 2026)."""

import pytest

from leadcapture.extensions import db
from tests.admin.analytics_data import csv_rows, page_of, table_rows
from tests.admin.report_data import session, visitor
from tests.admin.signin import signed_in_client

PERIOD = "from=2026-03-01&to=2026-03-10"


@pytest.fixture
def marketing(app):
    """A: Mar 1, Mar 2 (twice), Mar 10. B: Mar 2, Mar 9. C: Feb 5, Mar 8. D: Jan 20 only."""
    with app.app_context():
        visits = {
            "A": ("2026-03-01 10:00", "2026-03-02 09:00", "2026-03-02 18:00", "2026-03-10 23:59"),
            "B": ("2026-03-02 00:00", "2026-03-09 12:00"),
            "C": ("2026-02-05 12:00", "2026-03-08 12:00"),
            "D": ("2026-01-20 12:00",),
        }
        for name, times in visits.items():
            visitor(name)
            for when in times:
                session(name, when)
        db.session.commit()
    return signed_in_client(app, "marketing")


# day, daily, weekly (7 days ending), monthly (30 days ending), stickiness
EXPECTED = [
    ["2026-03-01", "1", "1", "2", "50.0%"],  # A; month Jan 31..Mar 1: A, C
    ["2026-03-02", "2", "2", "3", "66.7%"],
    ["2026-03-03", "0", "2", "3", "0.0%"],
    ["2026-03-04", "0", "2", "3", "0.0%"],
    ["2026-03-05", "0", "2", "3", "0.0%"],
    ["2026-03-06", "0", "2", "3", "0.0%"],
    ["2026-03-07", "0", "2", "2", "0.0%"],  # month Feb 6..Mar 7: C's Feb 5 is out
    ["2026-03-08", "1", "3", "3", "33.3%"],  # week Mar 2..8: A, B, C
    ["2026-03-09", "1", "2", "3", "33.3%"],  # week Mar 3..9: B, C
    ["2026-03-10", "1", "3", "3", "33.3%"],  # month Feb 9..Mar 10: C's Feb 5 is out, Mar 8 in
]


def test_daily_weekly_monthly_and_stickiness(marketing):
    page = page_of(marketing, f"/admin/analytics/active?{PERIOD}")
    assert table_rows(page, "active-table") == EXPECTED
    tiles = {
        name: page.split(f'data-testid="tile-{name}"')[1].split("</div>")[0] for name in ("visitors", "daily")
    }
    assert ">3<" in tiles["visitors"]  # A, B, C
    assert ">0.6<" in tiles["daily"]  # 6 visitor-days over 10 days
    assert 'data-testid="chart-active"' in page and 'href="/admin/analytics/active"' in page


def test_the_csv_equals_the_page(marketing):
    header, rows = csv_rows(marketing, f"/admin/analytics/active.csv?{PERIOD}")
    assert header == ["day", "active_visitors", "weekly_active", "monthly_active", "stickiness_percent"]
    assert [[*row[:4], row[4] + "%"] for row in rows] == EXPECTED


def test_a_shorter_period_counts_the_same_days_the_same(marketing):
    page = page_of(marketing, "/admin/analytics/active?from=2026-03-08&to=2026-03-10")
    assert table_rows(page, "active-table") == EXPECTED[7:]


@pytest.mark.parametrize("query", ["days=abc", "days=0", "from=2026-13-01", "from=2026-03-10&to=2026-03-01"])
def test_bad_filters_get_the_400_page(marketing, query):
    for path in ("/admin/analytics/active", "/admin/analytics/active.csv"):
        response = marketing.get(f"{path}?{query}")
        assert response.status_code == 400
        assert "must" in response.get_data(as_text=True)
