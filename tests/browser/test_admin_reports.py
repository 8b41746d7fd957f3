"""The dashboard and the funnel in a real browser: charts drawn, filters chosen on the page."""

import pytest

from leadcapture.accounts import ensure_user
from tests.admin.signin import PASSWORD, sign_in_page
from tests.admin.test_funnel import build_week

pytestmark = pytest.mark.browser


def sign_in(page, live_server, app, role="marketing"):
    with app.app_context():
        ensure_user(f"{role}@example.com", PASSWORD, role)
    sign_in_page(page, live_server.url, f"{role}@example.com")


def drawn(page, name: str) -> bool:
    return page.evaluate(
        f"""() => {{ const canvas = document.querySelector('[data-testid="chart-{name}"]');
        return !!canvas.chart && !canvas.hasAttribute('data-chart-error'); }}"""
    )


def test_dashboard_and_funnel_draw_their_charts_and_filter(page, live_server, app, page_problems):
    build_week(app)
    sign_in(page, live_server, app)
    page.goto(f"{live_server.url}/admin/?from=2026-03-01&to=2026-03-07")
    assert page.get_by_test_id("value-visitors").inner_text() == "9"
    assert drawn(page, "daily")

    page.get_by_role("link", name="Funnel").click()
    page.get_by_label("From", exact=True).fill("2026-03-01")
    page.get_by_label("To", exact=True).fill("2026-03-07")
    page.get_by_label("Campaign").select_option("spring")
    page.get_by_label("Device").select_option("mobile")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(
        lambda url: "campaign=spring" in url and "device=mobile" in url
    )  # the submitted form's page, not the one before
    assert [page.get_by_test_id(f"visitors-{step}").inner_text() for step in range(1, 6)] == [
        "3",
        "3",
        "3",
        "1",
        "1",
    ]
    assert page.get_by_label("Campaign").input_value() == "spring"
    assert drawn(page, "funnel")
    assert page_problems == []
