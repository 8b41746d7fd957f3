"""Marketing's feedback page in a real browser: the chart is drawn, a theme and a sentiment filter
the comments, the drill-down opens an organisation, a person and the journey around a feedback,
and an answer is sent from the feedback's page."""

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from tests.admin import report_data as data
from tests.admin.feedback_data import feedback, prompt
from tests.admin.signin import PASSWORD, sign_in_page
from tests.browser.charts import chart_labels
from tests.reports.planted import planted_comments

pytestmark = pytest.mark.browser
WEEK = "from=2026-03-01&to=2026-03-07"


@pytest.fixture
def week(app):
    """80 planted comments over the week, one of them from a visit of Lee Skin Studio's Ana."""
    with app.app_context():
        start = datetime(2026, 3, 1, 8)
        for number, (_topic, text) in enumerate(planted_comments(80, seed=4)):
            given = f"{start + timedelta(minutes=90 * number)}"
            feedback(given, 1 + number % 5, text, sentiment_label=("positive", "negative")[number % 2])
            prompt(given, "medium", answered=True)
        ana = data.visitor("v-ana")
        visit = data.session(ana, "2026-03-04 12:00")
        data.tool_use(ana, visit, "cost_calculator", "2026-03-04 12:02")
        feedback(
            "2026-03-04 12:05",
            2,
            "The price was expensive and the quote pricey",
            sentiment_label="negative",
            visitor_id=ana,
            session_id=visit,
            name="Ana Lee",
            email="ana@leeskin.example",
            follow_up_consent=True,
            organisation="Lee Skin Studio",
            organisation_key="lee skin studio",
        )
        ensure_user("mia@example.com", PASSWORD, "marketing")
        db.session.commit()


def test_marketing_reads_filters_drills_down_and_answers(page, live_server, app, week, page_problems):
    sign_in_page(page, live_server.url, "mia@example.com")
    page.get_by_role("link", name="Feedback").click()
    page.goto(f"{live_server.url}/admin/feedback?{WEEK}")
    labels = chart_labels(page, "feedback")
    assert labels[0] == "2026-03-01" and len(labels) == 7
    expect(page.get_by_test_id("value-count")).to_have_text("81")

    theme = page.get_by_test_id("filter-theme")
    label = theme.locator("option").nth(1).inner_text()
    theme.select_option(label=label)
    page.get_by_test_id("filter-sentiment").select_option("negative")
    page.get_by_test_id("comment-filters").get_by_role("button", name="Filter").click()
    page.wait_for_url(
        lambda url: "theme=1" in url and "sentiment=negative" in url
    )  # the submitted form's page, not the one before
    themes = page.get_by_test_id("comment-theme").all_inner_texts()
    assert themes and set(themes) == {label}

    page.goto(f"{live_server.url}/admin/feedback?{WEEK}&organisation=lee skin studio")
    page.get_by_test_id("by-organisation").get_by_role("link", name="Lee Skin Studio").click()
    expect(page.get_by_test_id("organisation-name")).to_have_text("Lee Skin Studio")
    page.get_by_test_id("person-link").click()
    expect(page.get_by_test_id("person-name")).to_have_text("Ana Lee")
    page.get_by_test_id("session-link").click()
    kinds = [item.get_attribute("data-kind") for item in page.get_by_test_id("journey-item").all()]
    assert kinds == ["session", "interaction", "feedback"]

    page.get_by_test_id("journey-feedback").click()
    page.get_by_label("Answer Ana Lee by email").fill("Sorry about the price, Ana. We will call you.")
    page.get_by_role("button", name="Send reply").click()
    assert "Your reply is on its way by email." in page.content()
    expect(page.get_by_test_id("reply")).to_have_count(1)
    assert page_problems == []
