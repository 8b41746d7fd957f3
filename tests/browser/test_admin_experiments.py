"""A marketer in a real browser (CSRF on) creates an experiment with two variants, sizes it with the
calculator and starts it."""

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from tests.admin.signin import PASSWORD, sign_in_page, staff_email

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def fill_variant(page, row: int, key: str, weight: str, **settings) -> None:
    variant = page.get_by_test_id(f"variant-row-{row}")
    variant.get_by_label("Variant key").fill(key)
    variant.get_by_label("Weight").fill(weight)
    for label, value in settings.items():
        variant.get_by_label(label).fill(value)


def test_a_marketer_creates_an_experiment_and_starts_it(page, live_server, app, page_problems):
    with app.app_context():
        ensure_user(staff_email("marketing"), PASSWORD, "marketing")
    sign_in_page(page, live_server.url, staff_email("marketing"))
    page.get_by_role("link", name="Experiments").click()
    page.get_by_role("link", name="New experiment").click()

    page.get_by_label("Experiment key").fill("cta-copy")
    page.get_by_label("Name", exact=True).fill("Calculator's call to action")
    page.get_by_label("Target").select_option("tool_page:cost_calculator")
    page.get_by_label("Primary metric").select_option("lead_created")
    page.get_by_role("checkbox", name="Booking made").check()  # a guardrail
    page.get_by_role("button", name="Add a variant row").click()
    expect(page.get_by_test_id("variant-row-2")).to_be_visible()  # the form came back with a row more
    assert page.get_by_label("Experiment key").input_value() == "cta-copy"  # kept across the new row

    fill_variant(page, 0, "control", "50")
    page.get_by_test_id("variant-row-0").get_by_label("Control").check()
    fill_variant(page, 1, "price-first", "40", **{"Call to action's text": "See your price now"})
    page.get_by_label("Baseline conversion rate").fill("10")
    page.get_by_label("Minimum detectable uplift").fill("20")
    page.get_by_role("button", name="Calculate").click()
    answer = "About 3,623 visitors per variant (7,246 in all, 2 variants)."
    expect(page.get_by_test_id("sample-size-answer")).to_have_text(answer)
    assert page.get_by_test_id("variant-row-1").get_by_label("Weight").input_value() == "40"  # kept

    page.get_by_role("button", name="Save experiment").click()
    expect(page.locator("#variants-error")).to_contain_text("The weights must sum to 100; they sum to 90.")

    page.get_by_test_id("variant-row-1").get_by_label("Weight").fill("50")
    page.get_by_role("button", name="Save experiment").click()
    expect(page.locator(".flash-info")).to_contain_text("Experiment saved.")
    expect(page.get_by_test_id("experiment-status")).to_have_text("draft")
    expect(page.get_by_test_id("variant-price-first")).to_contain_text("See your price now")

    page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator(".flash-info")).to_contain_text("Experiment started.")
    expect(page.get_by_test_id("experiment-status")).to_have_text("running")
    expect(page.get_by_test_id("experiment-trail")).to_contain_text("Experiment started")
    page.get_by_role("link", name="All experiments").click()
    row = page.get_by_test_id("experiment-cta-copy")
    expect(row).to_contain_text("running")
    expect(row).to_contain_text("control (control) 50, price-first 50")
    assert page_problems == []
