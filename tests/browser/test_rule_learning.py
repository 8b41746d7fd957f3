"""The rule lift and calibration pages in a real browser: charts drawn, the outcome chosen on the page."""

import pytest

from tests.browser.test_admin_reports import drawn, sign_in
from tests.learning.lead_rows import add_leads
from tests.learning.test_lift import URGENCY, plant

pytestmark = pytest.mark.browser


def test_lift_and_calibration_draw_their_charts(page, live_server, app, page_problems):
    with app.app_context():
        plant()
        add_leads(4, 1, score=65)
    sign_in(page, live_server, app, role="admin")
    page.goto(f"{live_server.url}/admin/rules/lift?from=2026-03-10&to=2026-03-10")
    page.get_by_label("Outcome").select_option("won")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "outcome=won" in url)  # the submitted form's page, not the one before
    assert page.get_by_test_id("lift-row").first.get_attribute("data-rule") == URGENCY
    assert drawn(page, "lift")

    page.goto(f"{live_server.url}/admin/rules/calibration?from=2026-03-10&to=2026-03-10&outcome=won")
    band = page.locator('[data-band="60"] [data-testid="band-rate"]')
    assert band.inner_text().startswith("25.0%")
    assert drawn(page, "calibration")
    assert page_problems == []
