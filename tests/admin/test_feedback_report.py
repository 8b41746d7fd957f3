"""/admin/feedback on a known week (tests/admin/feedback_data.py): every figure worked out by hand,
the tables, the chart, prompt performance, each filter, and who may open it."""

import json
import re

import pytest

from tests.admin.feedback_data import known_week
from tests.admin.signin import signed_in_client

WEEK = "from=2026-03-01&to=2026-03-07"


@pytest.fixture
def week(app):
    return known_week(app)


@pytest.fixture
def marketing(app, week):
    return signed_in_client(app, "marketing")


def page(client, query: str = "") -> str:
    response = client.get(f"/admin/feedback?{WEEK}&{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def shown(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1).strip()


def table(html: str, name: str) -> dict[str, tuple[str, str]]:
    """value -> (feedback count, average) of the rows of the "by ``name``" table."""
    section = re.search(rf'data-testid="by-{name}">(.*?)</section>', html, re.S).group(1)
    rows = re.findall(
        r'data-value="([^"]*)">.*?data-testid="count">([^<]*)<.*?data-testid="average">([^<]*)<',
        section,
        re.S,
    )
    return {value: (count, average) for value, count, average in rows}


def comment_texts(html: str) -> list[str]:
    return re.findall(r'data-testid="comment-text">([^<]*)<', html)


def test_tiles_count_the_weeks_feedback_and_prompts(marketing):
    html = page(marketing)
    assert shown(html, "value-count") == "4"  # the two outside the week are not counted
    assert shown(html, "value-average") == "3.25"  # (5 + 3 + 1 + 4) / 4
    assert shown(html, "value-response") == "37.5%"  # 3 of the 8 prompts shown that week answered
    assert shown(html, "value-comments") == "3"
    assert shown(html, "value-positive") == "33.3%" and shown(html, "value-negative") == "33.3%"


def test_tables_by_tool_level_campaign_and_organisation(marketing):
    html = page(marketing)
    assert table(html, "tool") == {
        "cost_calculator": ("2", "4.00"),
        "face_analysis": ("1", "1.00"),
        "(not set)": ("1", "4.00"),
    }
    assert table(html, "campaign") == {
        "spring": ("2", "3.00"),
        "summer": ("1", "4.00"),
        "(not set)": ("1", "3.00"),
    }
    assert table(html, "organisation") == {"lee skin studio": ("2", "4.50"), "acme.example": ("1", "1.00")}
    assert "Lee Skin Studio" in re.search(r'data-testid="by-organisation">(.*?)</section>', html, re.S).group(
        1
    )
    levels = table(html, "level")
    assert list(levels) == ["low", "medium", "high", "very_high"]
    assert levels["high"] == ("1", "5.00") and levels["low"] == ("1", "1.00")
    rates = re.findall(r'data-testid="response-rate">([^<]*)<', html)
    assert rates == ["0.0%", "50.0%", "50.0%", "50.0%"]  # low: 0 of 2; the others 1 of 2


def test_the_chart_has_every_day_with_its_average_and_response_rate(marketing):
    html = page(marketing)
    config = json.loads(re.search(r'data-testid="chart-feedback"[^>]*data-chart=\'([^\']*)\'', html).group(1))
    assert config["data"]["labels"] == [f"2026-03-0{day}" for day in range(1, 8)]
    averages, rates = (dataset["data"] for dataset in config["data"]["datasets"])
    assert averages == [4.0, 1.0, 4.0, None, None, None, None]
    assert rates == [50.0, 0.0, 50.0, None, None, None, None]


def test_prompt_performance_per_type(marketing):
    html = page(marketing)
    row = re.search(r'data-testid="prompt-tool_result">(.*?)</tr>', html, re.S).group(1)
    assert [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ] == [
        "Rating card under a tool result",
        "8",
        "3 (37.5%)",
        "3 (37.5%)",
        "0 (0.0%)",
        "0 (0.0%)",
    ]
    assert 'data-testid="prompt-contact_form"' in html


@pytest.mark.parametrize(
    ("query", "count", "average"),
    [
        ("tool=cost_calculator", "2", "4.00"),
        ("tool=(not set)", "1", "4.00"),
        ("campaign=spring", "2", "3.00"),
        ("campaign=(not set)", "1", "3.00"),
        ("organisation=lee skin studio", "2", "4.50"),
        ("organisation=Lee%20%20Skin%20Studio", "2", "4.50"),
        ("organisation=nobody.example", "0", "–"),
        ("tool=cost_calculator&campaign=spring", "1", "5.00"),
    ],
)
def test_tool_campaign_and_organisation_filter_the_whole_page(marketing, query, count, average):
    html = page(marketing, query)
    assert (shown(html, "value-count"), shown(html, "value-average")) == (count, average)
    assert sum(int(count) for count, _average in table(html, "tool").values()) == int(count)


@pytest.mark.parametrize(
    ("query", "comments"),
    [
        ("", ["Booked for next week", "The upload was broken and slow", "Lovely staff, thank you"]),
        ("sentiment=negative", ["The upload was broken and slow"]),
        ("rating=5", ["Lovely staff, thank you"]),
        ("rating=4&sentiment=positive", []),
        ("organisation=lee skin studio", ["Booked for next week", "Lovely staff, thank you"]),
    ],
)
def test_the_comments_newest_first_filtered(marketing, query, comments):
    html = page(marketing, query)
    assert comment_texts(html) == comments
    assert shown(html, "comment-total").startswith(f"{len(comments)} comment")
    # The comment filters narrow the comments only.
    if "sentiment" in query or "rating" in query:
        assert shown(html, "value-count") == "4"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tool=laser", "tool"),
        ("sentiment=angry", "sentiment"),
        ("rating=6", "rating"),
        ("theme=x", "theme"),
        ("page=2", "page"),
        ("from=2026-03-09&to=2026-03-01", "from"),
        ("campaign=" + "x" * 300, "campaign"),
    ],
)
def test_bad_filters_get_the_400_page(marketing, query, field):
    response = marketing.get(f"/admin/feedback?{query}")
    assert response.status_code == 400
    assert f"<code>{field}</code>" in response.get_data(as_text=True)


def test_an_empty_period_shows_dashes_not_errors(marketing):
    html = marketing.get("/admin/feedback?from=2025-01-01&to=2025-01-31").get_data(as_text=True)
    assert shown(html, "value-count") == "0"
    assert shown(html, "value-average") == "–" and shown(html, "value-response") == "–"
    assert 'data-testid="no-themes"' in html


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("marketing", 200), ("sales", 403)])
def test_admins_and_marketing_open_it_sales_do_not(app, week, role, status):
    client = signed_in_client(app, role)
    assert client.get(f"/admin/feedback?{WEEK}").status_code == status
    assert client.get(f"/admin/feedback/{week['lee_praise']}").status_code == status
    navigation = client.get("/admin/").get_data(as_text=True)
    assert ('href="/admin/feedback"' in navigation) == (status == 200)
