"""Marketing's product analytics in a real browser: from the navigation through the four pages,
their charts drawn from the demo's traffic, a filter applied, no script error or CSP violation."""

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import sign_in_page
from tests.browser.charts import chart_labels

pytestmark = pytest.mark.browser


def test_marketing_walks_the_analytics_pages_and_filters_the_event_explorer(
    page, live_server, app, page_problems
):
    with app.app_context():
        seed_catalog()
        write_bundles(generate(DemoOptions(visitors=300, seed=4, days=20)))
        ensure_user("mia@example.com", "Velvet-Otter-Drums-71", "marketing")
    sign_in_page(page, live_server.url, "mia@example.com")

    page.get_by_role("link", name="Analytics").click()
    expect(page.get_by_role("heading", name="Active visitors", level=1)).to_be_visible()
    assert len(chart_labels(page, "active")) == 30  # the default period's days

    nav = page.get_by_test_id("analytics-nav")
    nav.get_by_role("link", name="Retention").click()
    expect(page.get_by_test_id("retention-table").locator("tbody tr").first).to_be_visible()

    nav = page.get_by_test_id("analytics-nav")
    nav.get_by_role("link", name="Event explorer").click()
    assert len(chart_labels(page, "events")) == 30
    page.get_by_test_id("filter-impact").select_option("high")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "impact=high" in url)  # the submitted form's page, not the one before
    expect(page.get_by_test_id("events-table").locator("tbody tr td").nth(2)).to_have_text("high")

    page.get_by_test_id("analytics-nav").get_by_role("link", name="Abandonment").click()
    assert "cost_calculator" in chart_labels(page, "abandonment")
    assert page_problems == []
