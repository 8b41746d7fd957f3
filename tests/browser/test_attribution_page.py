"""Marketing's attribution page in a real browser: the chart is drawn, the model and grouping change."""

import pytest

from leadcapture.accounts import ensure_user
from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.jobs.maintenance import refresh_report_rollups
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import sign_in_page
from tests.browser.charts import chart_labels

pytestmark = pytest.mark.browser


def test_marketing_switches_model_and_grouping_and_sees_the_chart(page, live_server, app, page_problems):
    with app.app_context():
        seed_catalog()
        write_bundles(generate(DemoOptions(visitors=600, seed=2, days=20)))
        refresh_report_rollups()  # what the worker does within a minute of the data arriving
        ensure_user("mia@example.com", "Velvet-Otter-Drums-71", "marketing")
    sign_in_page(page, live_server.url, "mia@example.com")
    page.get_by_role("link", name="Attribution").click()

    labels = chart_labels(page, "attribution")
    assert "google" in labels and "(direct)" in labels

    page.get_by_label("Model").select_option("w_shaped")
    page.get_by_label("Group by").select_option("campaign")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(
        lambda url: "model=w_shaped" in url and "group=campaign" in url
    )  # the submitted form's page, not the one before
    summary = page.get_by_test_id("attribution-summary").inner_text()
    assert summary.startswith("W-shaped") and "by campaign" in summary
    table = page.get_by_test_id("attribution-table")
    assert table.locator("thead th").first.inner_text() == "Campaign"
    channels = table.locator("tbody tr td:first-child").all_inner_texts()
    assert {"spring_promo", "summer_glow", "(not set)"} <= set(channels)
    assert page_problems == []
