"""Weekly retention cohorts on hand-built visits: the triangle by first week and by first campaign,
its heat-map classes, its CSV and bad filters (weeks starting Mondays Mar 2, 9 and 16 of 2026)."""

import re

import pytest

from leadcapture.extensions import db
from leadcapture.models import Visitor
from tests.admin.analytics_data import csv_rows, page_of, table_rows
from tests.admin.report_data import at, session
from tests.admin.signin import signed_in_client

PERIOD = "from=2026-03-02&to=2026-03-22"
VISITS = {  # visitor: (time, campaign) of each session, the first being the first visit
    "A": (("2026-03-02 10:00", "spring"), ("2026-03-03 10:00", None), ("2026-03-10 10:00", "summer")),
    "B": (("2026-03-04 10:00", "spring"), ("2026-03-18 10:00", None)),
    "C": (
        ("2026-03-05 10:00", None),
        ("2026-03-11 10:00", None),
        ("2026-03-12 10:00", "spring"),
        ("2026-03-17 10:00", None),
    ),
    "D": (("2026-03-10 10:00", "summer"), ("2026-03-16 00:00", None)),
    "E": (("2026-03-11 10:00", "spring"),),
    "F": (("2026-03-17 10:00", "summer"),),
    "G": (("2026-02-20 10:00", "spring"), ("2026-03-10 10:00", "spring")),  # an older cohort
    "H": (("2026-03-22 23:00", None),),  # Sunday: the week of Mar 16
}


@pytest.fixture
def marketing(app):
    with app.app_context():
        for name, visits in VISITS.items():
            db.session.add(Visitor(id=name, created_at=at(visits[0][0])))
            db.session.flush()
            for when, campaign in visits:
                session(name, when, campaign)
        db.session.commit()
    return signed_in_client(app, "marketing")


BY_WEEK = [
    ["2026-03-02", "3", "100.0%3", "66.7%2", "66.7%2"],  # A, B, C; A and C in week 1; B and C in week 2
    ["2026-03-09", "2", "100.0%2", "50.0%1", ""],  # D, E; D in week 1
    ["2026-03-16", "2", "100.0%2", "", ""],  # F, H
]
BY_CAMPAIGN = [
    ["(not set)", "2", "100.0%2", "100.0%1", "100.0%1"],  # C, H; only C is a week old
    ["spring", "3", "100.0%3", "33.3%1", "50.0%1"],  # A, B, E; week 1 of A, B, E: A; week 2 of A, B: B
    ["summer", "2", "100.0%2", "100.0%1", "–0"],  # D, F; week 1 of D: D; no summer cohort is 2 weeks old
]


def test_cohorts_by_week_of_the_first_visit(marketing):
    page = page_of(marketing, f"/admin/analytics/retention?{PERIOD}")
    assert table_rows(page, "retention-table") == BY_WEEK
    row = re.search(r'data-testid="cohort-2026-03-02">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="cell (heat-\d)"', row) == ["heat-9", "heat-6", "heat-6"]
    assert "style=" not in page


def test_cohorts_by_campaign_of_the_first_visit(marketing):
    page = page_of(marketing, f"/admin/analytics/retention?{PERIOD}&by=campaign")
    assert table_rows(page, "retention-table") == BY_CAMPAIGN
    row = re.search(r'data-testid="cohort-spring">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="cell (heat-\d)"', row) == ["heat-9", "heat-3", "heat-5"]


def test_the_last_week_is_the_periods(marketing):
    page = page_of(marketing, "/admin/analytics/retention?from=2026-03-02&to=2026-03-08")
    assert table_rows(page, "retention-table") == [["2026-03-02", "3", "100.0%3"]]


@pytest.mark.parametrize(("by", "expected"), [("week", BY_WEEK), ("campaign", BY_CAMPAIGN)])
def test_the_csv_equals_the_page(marketing, by, expected):
    header, rows = csv_rows(marketing, f"/admin/analytics/retention.csv?{PERIOD}&by={by}")
    assert header == ["cohort", "visitors", "weeks_since", "active_visitors", "percent"]
    cells = [
        [label, visitors, f"{percent}%{count}" if percent else f"–{count}"]
        for label, visitors, _weeks, count, percent in rows
    ]
    assert cells == [[row[0], row[1], cell] for row in expected for cell in row[2:] if cell]


@pytest.mark.parametrize("query", ["by=month", "days=x", "from=2025-01-01&to=2026-03-01", "to=2026-02-30"])
def test_bad_filters_get_the_400_page(marketing, query):
    for path in ("/admin/analytics/retention", "/admin/analytics/retention.csv"):
        assert marketing.get(f"{path}?{query}").status_code == 400
