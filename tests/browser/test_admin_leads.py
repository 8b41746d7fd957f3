"""Sales in a real browser: the leads list, a lead's page, its status, owner and notes (CSRF on)."""

import pytest
from playwright.sync_api import expect

from tests.admin.lead_data import build_story, user_id
from tests.admin.signin import sign_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user_id("sam@example.com")
        build_story()
    return app


def test_sales_works_a_lead(page, live_server, app, page_problems):
    sign_in_page(page, live_server.url, "sam@example.com")
    page.get_by_role("link", name="Leads").click()
    page.get_by_label("Status").select_option("new")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("lead-total")).to_have_text("1 lead")
    page.get_by_role("link", name="ann@example.com").click()

    expect(page.get_by_test_id("lead-score")).to_have_text("90")
    expect(page.get_by_test_id("journey-item")).to_have_count(9)
    page.get_by_test_id("status-contacted").click()
    expect(page.get_by_test_id("lead-status")).to_have_text("contacted")
    page.get_by_label("Owner").select_option(label="sam@example.com")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_test_id("lead-owner")).to_have_text("sam@example.com")
    page.get_by_label("Add a note").fill("Called: wants a quote for two areas.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_test_id("note")).to_contain_text("wants a quote")
    expect(page.get_by_test_id("activity-line")).to_have_count(2)
    assert page_problems == []
