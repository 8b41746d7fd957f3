"""A visitor's journey in a real browser: a tool, the progressive form, the thank-you, the next fields."""

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, Lead
from leadcapture.models.catalog_store import seed_catalog

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    """The site as visitors get it: CSRF on, catalog seeded."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        seed_catalog()
    return app


def test_form_touched_while_the_stylesheet_loads_is_still_recorded(page, live_server, app):
    page.goto(f"{live_server.url}/tools/cost-calculator/")
    page.get_by_label("Botox").check()
    page.get_by_label("Budget").select_option("over_10k")
    page.get_by_label("When would you like to start?").select_option("immediate")

    def slow_stylesheet(route):
        time.sleep(1.5)  # the form's inline script runs only once the stylesheet is in
        route.continue_()

    page.route("**/site.css", slow_stylesheet)
    page.get_by_role("button", name="Estimate the cost").click(no_wait_after=True)
    with page.expect_response(lambda response: response.url.endswith("/interacted")) as touched:
        page.get_by_test_id("contact-form").get_by_label("Email", exact=True).fill("early@example.com")
    assert touched.value.status == 200
    with app.app_context():
        assert db.session.scalars(select(ContactPrompt.interacted_at)).one() is not None


def test_cost_calculator_form_thanks_and_next_fields(page, live_server, app, page_problems):
    page.goto(f"{live_server.url}/?utm_source=google&utm_medium=cpc&utm_campaign=spring")
    page.get_by_role("link", name="Cost calculator").click()
    page.get_by_label("Botox").check()
    page.get_by_label("Thread lift").check()
    page.get_by_label("Budget").select_option("over_10k")
    page.get_by_label("When would you like to start?").select_option("immediate")
    page.get_by_role("button", name="Estimate the cost").click()

    expect(page.get_by_test_id("lead-score")).to_have_text("100")
    form = page.get_by_test_id("contact-form")
    expect(form).to_be_visible()
    assert [form.locator(f'input[name="{name}"]').count() for name in ("email", "name", "phone")] == [1, 1, 1]
    with page.expect_response(lambda response: response.url.endswith("/interacted")) as touched:
        form.get_by_label("Email", exact=True).fill("visitor@example.com")
    assert touched.value.status == 200
    form.get_by_label("Your name").fill("Vera")
    form.get_by_label("Yes, the clinic may email me").check()
    form.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("thanks")).to_contain_text("Thank you, Vera!")

    page.goto(f"{live_server.url}/tools/recommendation/")
    page.get_by_label("Tell us about your skin concerns").fill("I also have acne scars on my cheeks")
    page.get_by_role("button", name="Get recommendations").click()
    next_form = page.get_by_test_id("contact-form")
    expect(next_form).to_be_visible()
    assert next_form.locator('input[name="email"]').count() == 0
    assert next_form.locator('input[name="name"]').count() == 0
    assert next_form.locator('input[name="phone"]').count() == 1
    assert page_problems == []

    with app.app_context():
        lead = db.session.scalars(select(Lead)).one()
        assert (lead.email, lead.name, lead.consent_marketing) == ("visitor@example.com", "Vera", True)
        assert lead.first_utm_campaign == "spring" and lead.score == 100
        prompt = db.session.scalars(select(ContactPrompt).where(ContactPrompt.status == "submitted")).one()
        assert prompt.interacted_at is not None and prompt.submitted_at >= prompt.interacted_at
