"""The funnel's counts on a hand-built data set (the week 2026-03-01..07), with each filter."""

import json
import re

import pytest

from leadcapture.extensions import db
from tests.admin.report_data import booking, lead, prompt, session, tool_use, visitor
from tests.admin.signin import signed_in_client

WEEK = "/admin/funnel?from=2026-03-01&to=2026-03-07"
SPRING_GOOGLE = ("spring", "google")
SUMMER_FACEBOOK = ("summer", "facebook")


def build_week(app) -> None:
    """Ten visitors; the steps each reaches in the week, unfiltered, in brackets:

    V1 (5): spring/google/mobile on Mar 1, calculator, prompt, lead L1, booking by V1.
    V2 (4): spring/newsletter/desktop on Mar 2, face check, prompt, lead L2.
    V3 (3): summer/facebook/mobile on Mar 3, calculator, prompt.
    V4 (2): no campaign, desktop, Mar 3; a recommendation on Mar 4.
    V5 (1): summer/facebook/mobile on Mar 4.
    V6 (1): tablet on Mar 5, lead L6 on Mar 5 without a tool or prompt.
    V7 (0): spring/google/mobile on Feb 27 only; a calculator use on Mar 2.
    V8 (3): spring/google/mobile on Mar 6, calculator, prompt, linked to lead L8 made on Feb 20.
    V9 (5): summer/facebook/mobile on Mar 7, face check, prompt, lead L9, a booking by L9 alone.
    V10 (3): spring/google/mobile on Mar 1; summer/facebook/desktop on Mar 5 with a face
             check and a prompt.
    """
    with app.app_context():
        v = {number: visitor(f"V{number}") for number in range(1, 11)}

        def visit(number, when, campaign=(None, None), device="desktop", tool=None, offered=False):
            sid = session(v[number], when, *campaign, device=device)
            if tool:
                tool_use(v[number], sid, tool, when.replace(":00", ":05", 1))
            if offered:
                prompt(v[number], sid, when.replace(":00", ":06", 1))
            return sid

        visit(1, "2026-03-01 10:00", SPRING_GOOGLE, "mobile", "cost_calculator", offered=True)
        l1 = lead("2026-03-01 10:10", visitors=[v[1]])
        booking("2026-03-02 09:00", visitor_id=v[1], lead_id=l1)
        visit(2, "2026-03-02 11:00", ("spring", "newsletter"), "desktop", "face_analysis", offered=True)
        lead("2026-03-02 11:10", visitors=[v[2]])
        visit(3, "2026-03-03 12:00", SUMMER_FACEBOOK, "mobile", "cost_calculator", offered=True)
        sid = visit(4, "2026-03-03 13:00")
        tool_use(v[4], sid, "ai_recommendation", "2026-03-04 08:00")
        visit(5, "2026-03-04 14:00", SUMMER_FACEBOOK, "mobile")
        visit(6, "2026-03-05 15:00", device="tablet")
        lead("2026-03-05 15:10", visitors=[v[6]])
        sid = visit(7, "2026-02-27 16:00", SPRING_GOOGLE, "mobile")
        tool_use(v[7], sid, "cost_calculator", "2026-03-02 16:00")
        visit(8, "2026-03-06 17:00", SPRING_GOOGLE, "mobile", "cost_calculator", offered=True)
        lead("2026-02-20 17:00", visitors=[v[8]])
        visit(9, "2026-03-07 18:00", SUMMER_FACEBOOK, "mobile", "face_analysis", offered=True)
        l9 = lead("2026-03-07 18:10", visitors=[v[9]])
        booking("2026-03-07 18:20", lead_id=l9)
        visit(10, "2026-03-01 19:00", SPRING_GOOGLE, "mobile")
        visit(10, "2026-03-05 19:00", SUMMER_FACEBOOK, "desktop", "face_analysis", offered=True)
        db.session.commit()


def cells(page: str, name: str) -> list[str]:
    return [
        re.search(rf'data-testid="{name}-{step}">([^<]*)<', page).group(1).strip() for step in range(1, 6)
    ]


def counts(client, query: str = "", week: str = WEEK) -> list[int]:
    response = client.get(week + query)
    assert response.status_code == 200
    return [int(value) for value in cells(response.get_data(as_text=True), "visitors")]


@pytest.fixture
def marketing(app):
    build_week(app)
    return signed_in_client(app, "marketing")


def test_steps_without_filters(marketing):
    page = marketing.get(WEEK).get_data(as_text=True)
    assert cells(page, "visitors") == ["9", "7", "6", "3", "2"]
    assert cells(page, "of-previous") == ["–", "77.8%", "85.7%", "50.0%", "66.7%"]
    assert cells(page, "of-top") == ["100.0%", "77.8%", "66.7%", "33.3%", "22.2%"]
    assert cells(page, "dropped") == ["–", "2 (22.2%)", "1 (14.3%)", "3 (50.0%)", "1 (33.3%)"]
    chart = json.loads(re.search(r'data-testid="chart-funnel"[^>]*data-chart=\'([^\']*)\'', page).group(1))
    assert chart["type"] == "bar" and chart["options"]["indexAxis"] == "y"
    assert chart["data"]["datasets"][0]["data"] == [9, 7, 6, 3, 2]
    assert "Became a lead" in page and "linked to a lead created in the period" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("&tool=cost_calculator", [9, 3, 3, 1, 1]),  # V1, V3, V8 used it; only V1 goes on
        ("&tool=face_analysis", [9, 3, 3, 2, 1]),  # V2, V9, V10
        ("&tool=appointment_booking", [9, 0, 0, 0, 0]),
        ("&campaign=spring", [4, 4, 4, 2, 1]),  # V1, V2, V8, V10 (V7's visit is before the week)
        ("&campaign=summer", [4, 3, 3, 1, 1]),  # V3, V5, V9, V10
        ("&source=google", [3, 3, 3, 1, 1]),  # V1, V8, V10
        ("&device=mobile", [6, 5, 5, 2, 2]),  # V1, V3, V5, V8, V9, V10 (on Mar 1)
        ("&device=tablet", [1, 0, 0, 0, 0]),
        ("&campaign=spring&device=mobile&tool=cost_calculator", [3, 2, 2, 1, 1]),  # V1, V8, V10
        ("&campaign=summer&source=google", [0, 0, 0, 0, 0]),
    ],
)
def test_steps_with_filters(marketing, query, expected):
    assert counts(marketing, query) == expected


def test_a_step_after_an_empty_one_shows_no_percentage(marketing):
    page = marketing.get(WEEK + "&device=tablet").get_data(as_text=True)
    assert cells(page, "of-previous") == ["–", "0.0%", "–", "–", "–"]
    assert cells(page, "dropped")[1] == "1 (100.0%)"


def test_other_periods(marketing):
    # V6, V8, V9 and V10; V6's lead comes without a tool use, V8's lead is older
    assert counts(marketing, "from=2026-03-05&to=2026-03-07", "/admin/funnel?") == [4, 3, 3, 1, 1]
    # V1, V2, V7 and V10; V7's tool use counts, V10's is after the period
    assert counts(marketing, "from=2026-02-27&to=2026-03-02", "/admin/funnel?") == [4, 3, 2, 2, 1]


def test_filters_list_the_data_and_keep_the_choice(marketing):
    page = marketing.get(WEEK + "&campaign=summer&tool=face_analysis").get_data(as_text=True)

    def options(name):
        select = re.search(rf'data-testid="filter-{name}">(.*?)</select>', page, re.S).group(1)
        return re.findall(r'<option value="([^"]*)"( selected)?>', select)

    assert options("campaign") == [("", ""), ("spring", ""), ("summer", " selected")]
    assert options("source") == [("", ""), ("facebook", ""), ("google", ""), ("newsletter", "")]
    assert options("device") == [("", ""), ("desktop", ""), ("mobile", ""), ("tablet", "")]
    assert ("face_analysis", " selected") in options("tool") and len(options("tool")) == 5
    assert 'name="from" value="2026-03-01"' in page
    assert "days=7" in page and "campaign=summer" in re.search(r'href="([^"]*days=7[^"]*)"', page).group(1)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tool=nope", "tool"),
        ("campaign=winter", "campaign"),
        ("source=%3Cscript%3E", "source"),
        ("device=phone", "device"),
        ("days=abc", "days"),
        ("from=2026-03-40", "from"),
    ],
)
def test_bad_filters_get_the_400_page(marketing, query, field):
    response = marketing.get(f"/admin/funnel?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f"<code>{field}</code>" in page
    assert "<script>" not in page


def test_who_may_see_the_funnel(app):
    assert app.test_client().get(WEEK).status_code == 302
    assert signed_in_client(app, "sales").get(WEEK).status_code == 403
    assert signed_in_client(app, "admin").get(WEEK).status_code == 200
