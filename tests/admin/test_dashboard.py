"""The dashboard's numbers on a hand-built data set: this week (2026-03-01..07) against the
week before (2026-02-22..28)."""

import json
import re
from datetime import timedelta

import pytest

from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from tests.admin.report_data import booking, lead, outbox, prompt, session, tool_use, visitor
from tests.admin.signin import signed_in_client

WEEK = "/admin/?from=2026-03-01&to=2026-03-07"


def build_weeks(app) -> None:
    """Who did what (the expected figures are worked out in the tests below):

    A: sessions on Mar 1 (twice) and Mar 3; tools Mar 1 and Mar 3; a prompt and lead LA
       (score 80) on Mar 3; a booking on Mar 4.
    B: sessions Feb 25 and Mar 2; a tool Feb 25; lead LB (score 40) on Feb 25.
    C: a session and a tool at the last second of the week.  D: a session just after the week.
    E: a session at the first instant of the week before.  F: just before that.
    Lead LC (score 60, no visitor) on Mar 5; a booking without a visitor on Mar 6.
    Outbox: two pending rows, one dead, one synced.
    """
    with app.app_context():
        a, b, c, d, e, f = (visitor(name) for name in "ABCDEF")
        a1 = session(a, "2026-03-01 10:00", "spring", "google", "mobile")
        session(a, "2026-03-01 14:00", "spring", "google", "mobile")
        a3 = session(a, "2026-03-03 09:00")
        tool_use(a, a1, "cost_calculator", "2026-03-01 10:05")
        tool_use(a, a3, "face_analysis", "2026-03-03 09:05")
        prompt(a, a3, "2026-03-03 09:06")
        la = lead("2026-03-03 09:07", score=80, visitors=[a])
        booking("2026-03-04 12:00", visitor_id=a, lead_id=la)
        b1 = session(b, "2026-02-25 08:00")
        session(b, "2026-03-02 08:00")
        tool_use(b, b1, "ai_recommendation", "2026-02-25 08:10")
        lb = lead("2026-02-25 08:20", score=40, visitors=[b])
        c1 = session(c, "2026-03-07 23:59:59")
        tool_use(c, c1, "cost_calculator", "2026-03-07 23:59:59")
        session(d, "2026-03-08 00:00")
        session(e, "2026-02-22 00:00")
        session(f, "2026-02-21 23:59:59")
        lc = lead("2026-03-05 16:00", score=60)
        booking("2026-03-06 11:00")
        for lead_id, status in ((la, "pending"), (lb, "pending"), (lc, "dead"), (la, "synced")):
            outbox(lead_id, status)
        db.session.commit()


def shown(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert found, f"{testid} is not on the page"
    return found.group(1).strip()


def daily_chart(page: str) -> dict:
    found = re.search(r'data-testid="chart-daily"[^>]*data-chart=\'([^\']*)\'', page)
    return json.loads(found.group(1).replace("&#34;", '"').replace("&amp;", "&"))


def test_tiles_compare_the_week_with_the_week_before(app):
    build_weeks(app)
    page = signed_in_client(app).get(WEEK).get_data(as_text=True)
    expected = {
        # name: (this week, the week before, change)
        "visitors": ("3", "2", "↑ 50%"),  # A, B, C against B, E
        "sessions": ("5", "2", "↑ 150%"),
        "tool_uses": ("3", "1", "↑ 200%"),
        "leads": ("2", "1", "↑ 100%"),  # LA, LC against LB
        "conversion_rate": ("66.7%", "50.0%", "↑ 33%"),  # 2/3 against 1/2
        "average_score": ("70.0", "40.0", "↑ 75%"),  # (80 + 60) / 2 against 40
        "bookings": ("2", "0", "new"),
    }
    for name, figures in expected.items():
        assert tuple(shown(page, f"{part}-{name}") for part in ("value", "previous", "change")) == figures, (
            name
        )
    assert shown(page, "sync-pending") == "2" and shown(page, "sync-dead") == "1"
    assert 'href="/admin/sync" data-testid="sync-link"' in page


def test_daily_chart_has_every_day_with_zeros(app):
    build_weeks(app)
    chart = daily_chart(signed_in_client(app).get(WEEK).get_data(as_text=True))
    assert chart["type"] == "line"
    assert chart["data"]["labels"] == [f"2026-03-0{day}" for day in range(1, 8)]
    series = {dataset["label"]: dataset["data"] for dataset in chart["data"]["datasets"]}
    assert series == {
        "Visitors": [1, 1, 1, 0, 0, 0, 1],  # A twice on Mar 1 counts once
        "Tool uses": [1, 0, 1, 0, 0, 0, 1],
        "Leads": [0, 0, 1, 0, 1, 0, 0],
    }


def test_rows_added_later_are_counted_on_the_next_view(app):
    build_weeks(app)
    client = signed_in_client(app)
    client.get(WEEK)  # the roll-ups now hold the data set
    with app.app_context():
        session("C", "2026-03-02 12:00")  # C again, on a day before the one already counted
        session(visitor("G"), "2026-03-05 10:00")
        db.session.commit()
    page = client.get(WEEK).get_data(as_text=True)
    assert shown(page, "value-visitors") == "4"  # A, B, C, G
    assert shown(page, "value-sessions") == "7"
    assert daily_chart(page)["data"]["datasets"][0]["data"] == [1, 2, 1, 0, 1, 0, 1]


def test_empty_periods_say_so_instead_of_dividing_by_zero(app):
    page = signed_in_client(app).get(WEEK).get_data(as_text=True)
    assert shown(page, "value-visitors") == "0" and shown(page, "change-visitors") == "no change"
    assert shown(page, "value-conversion_rate") == "–" and shown(page, "value-average_score") == "–"


def test_presets_and_the_default_period(app):
    client = signed_in_client(app)
    today = utcnow().date()
    page = client.get("/admin/?days=7").get_data(as_text=True)
    assert f"{(today - timedelta(days=6)).isoformat()} to {today.isoformat()} (7 days" in page
    assert 'aria-current="true">Last 7 days' in page
    page = client.get("/admin/").get_data(as_text=True)
    assert "(30 days" in page and 'aria-current="true">Last 30 days' in page


@pytest.mark.parametrize(
    "query",
    ["days=abc", "days=0", "from=2026-13-01", "from=2026-03-08&to=2026-03-01", "to=yesterday"],
)
def test_bad_periods_get_the_400_page(app, query):
    response = signed_in_client(app).get(f"/admin/?{query}")
    assert response.status_code == 400 and b'data-testid="input-errors"' in response.data


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_other_roles_see_the_dashboard_without_the_sync_link(app, role):
    build_weeks(app)
    response = signed_in_client(app, role).get(WEEK)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and shown(page, "value-visitors") == "3"
    assert shown(page, "sync-dead") == "1" and 'data-testid="sync-link"' not in page


def test_anonymous_visitors_are_sent_to_sign_in(app):
    response = app.test_client().get(WEEK)
    assert response.status_code == 302 and "/admin/login" in response.location
