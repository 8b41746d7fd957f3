"""The event explorer on hand-built events (Mar 1-2, 2026): counts by type and name, each filter,
the chart, the CSV and bad filters."""

import json
import re

import pytest

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent
from tests.admin.analytics_data import csv_rows, page_of, table_rows
from tests.admin.report_data import at, session, visitor
from tests.admin.signin import signed_in_client

PERIOD = "/admin/analytics/events?from=2026-03-01&to=2026-03-02"
SITE = "https://clinic.example"
CALC = f"{SITE}/tools/cost-calculator"


def event(visitor_id, session_id, when, event_type, name, impact, url, **properties):
    db.session.add(
        BehaviourEvent(
            visitor_id=visitor_id,
            session_id=session_id,
            event_type=event_type,
            name=name,
            impact=impact,
            page_url=url,
            properties=properties,
            created_at=at(when),
        )
    )


@pytest.fixture
def marketing(app):
    with app.app_context():
        one, two = visitor("V1"), visitor("V2")
        s1 = session(one, "2026-03-01 10:00", "spring", device="mobile")
        event(
            one, s1, "2026-03-01 10:00", "page_view", "Home", "low", f"{SITE}/?utm_campaign=spring&gclid=abc"
        )
        event(one, s1, "2026-03-01 10:01", "page_view", "Cost calculator", "low", CALC)
        event(one, s1, "2026-03-01 10:02", "click", "cta_start", "low", CALC, tool="cost_calculator")
        event(one, s1, "2026-03-01 10:02", "tool_usage", "cost_calculator:start", "medium", CALC)
        event(one, s1, "2026-03-01 10:05", "tool_usage", "cost_calculator:result", "high", CALC)
        event(one, s1, "2026-03-01 10:06", "export", "price_estimate", "high", CALC, tool="cost_calculator")
        s2 = session(two, "2026-03-02 09:00", device="desktop")
        event(two, s2, "2026-03-02 09:00", "page_view", "Home", "low", f"{SITE}/")
        event(
            two, s2, "2026-03-02 09:01", "tool_usage", "face_analysis:start", "medium", f"{SITE}/tools/face"
        )
        event(two, s2, "2026-03-02 09:02", "error", None, "medium", None)
        event(two, None, "2026-03-02 23:59", "page_view", "Home", "low", f"{SITE}/")  # no session
        event(two, s2, "2026-03-03 00:00", "page_view", "Home", "low", f"{SITE}/")  # after the period
        db.session.commit()
    return signed_in_client(app, "marketing")


ALL = [
    ["page_view", "Home", "low", "3", "30.0%"],
    ["click", "cta_start", "low", "1", "10.0%"],
    ["error", "(not set)", "medium", "1", "10.0%"],
    ["export", "price_estimate", "high", "1", "10.0%"],
    ["page_view", "Cost calculator", "low", "1", "10.0%"],
    ["tool_usage", "cost_calculator:result", "high", "1", "10.0%"],
    ["tool_usage", "cost_calculator:start", "medium", "1", "10.0%"],
    ["tool_usage", "face_analysis:start", "medium", "1", "10.0%"],
]


def names(client, query: str) -> dict[str, int]:
    page = page_of(client, f"{PERIOD}&{query}")
    return {f"{row[0]} {row[1]}": int(row[3]) for row in table_rows(page, "events-table") if len(row) == 5}


def test_counts_by_type_and_name(marketing):
    page = page_of(marketing, PERIOD)
    assert table_rows(page, "events-table") == ALL
    chart = json.loads(re.search(r'data-testid="chart-events"[^>]*data-chart=\'([^\']*)\'', page).group(1))
    assert chart["data"]["labels"] == ["2026-03-01", "2026-03-02"]
    series = {dataset["label"]: dataset["data"] for dataset in chart["data"]["datasets"]}
    assert series == {
        "page_view": [2, 2],
        "tool_usage": [2, 1],
        "click": [1, 0],
        "error": [0, 1],
        "export": [1, 0],
    }


def test_the_chart_by_type_and_name(marketing):
    page = page_of(marketing, f"{PERIOD}&series=name")
    chart = json.loads(re.search(r'data-testid="chart-events"[^>]*data-chart=\'([^\']*)\'', page).group(1))
    series = {dataset["label"]: dataset["data"] for dataset in chart["data"]["datasets"]}
    assert series["page_view: Home"] == [1, 2] and series["error: (not set)"] == [0, 1]
    assert len(series) == 8 + 1 - 1  # eight names; none left for "(others)"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("impact=high", {"export price_estimate": 1, "tool_usage cost_calculator:result": 1}),
        (
            "tool=cost_calculator",
            {
                "click cta_start": 1,
                "export price_estimate": 1,
                "tool_usage cost_calculator:result": 1,
                "tool_usage cost_calculator:start": 1,
            },
        ),
        ("tool=(not set)", {"page_view Home": 3, "page_view Cost calculator": 1, "error (not set)": 1}),
        ("page=/", {"page_view Home": 3}),
        ("page=https://clinic.example/?utm_source=x", {"page_view Home": 3}),
        ("page=/tools/face", {"tool_usage face_analysis:start": 1}),
        ("page=(not set)", {"error (not set)": 1}),
        (
            "campaign=(not set)",
            {"page_view Home": 2, "tool_usage face_analysis:start": 1, "error (not set)": 1},
        ),
        ("campaign=spring&impact=medium", {"tool_usage cost_calculator:start": 1}),
        ("device=(not set)", {"page_view Home": 1}),
        ("device=desktop&impact=medium", {"tool_usage face_analysis:start": 1, "error (not set)": 1}),
        ("device=tablet", {}),
    ],
)
def test_filters(marketing, query, expected):
    assert names(marketing, query) == expected


@pytest.mark.parametrize("query", ["", "&impact=medium&device=desktop"])
def test_the_csv_equals_the_page(marketing, query):
    rows = table_rows(page_of(marketing, PERIOD + query), "events-table")
    header, exported = csv_rows(marketing, PERIOD.replace("events?", "events.csv?") + query)
    assert header == ["event_type", "name", "impact", "events", "share_percent"]
    assert [[*row[:4], row[4] + "%"] for row in exported] == rows


@pytest.mark.parametrize(
    "query",
    ["impact=huge", "tool=hammer", "device=fridge", "series=colour", "days=-1", "campaign=" + "x" * 300],
)
def test_bad_filters_get_the_400_page(marketing, query):
    for path in ("/admin/analytics/events", "/admin/analytics/events.csv"):
        assert marketing.get(f"{path}?{query}").status_code == 400
