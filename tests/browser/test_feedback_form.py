"""The feedback form in chromium with JavaScript off: filled in and sent by clicks, errors shown
next to their fields, then the thank-you page."""

import pytest

from tests.browser.test_feedback_tracker import stored_feedback

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(5000)
    yield context.new_page()
    context.close()


def test_the_form_works_without_javascript(app, live_server, no_js_page):
    page = no_js_page
    page.goto(f"{live_server.url}/feedback/?context=after_booking&next=/tools/booking/")
    page.get_by_role("button", name="Send feedback").click()
    assert page.locator("#rating-error").inner_text() == "This field is required."

    page.get_by_label("4", exact=True).first.check()
    page.get_by_text("Tell us more (optional)").click()
    page.get_by_label("How easy was it?").select_option("very_easy")
    page.get_by_label("Yes").check()
    page.get_by_label("Anything to add?").fill("Booking was quick and easy, great service.")
    page.get_by_text("Want a reply? (optional)").click()
    page.get_by_label("Email", exact=True).fill("ana@lopez-dental.com")
    page.get_by_label("The clinic may email me about my feedback.").check()
    page.get_by_role("button", name="Send feedback").click()

    assert page.get_by_test_id("feedback-thanks").is_visible()
    assert page.get_by_role("link", name="Back").get_attribute("href") == "/tools/booking/"
    (row,) = stored_feedback(app)
    assert (row.rating, row.context, row.ease_of_use, row.would_book) == (
        4,
        "after_booking",
        "very_easy",
        "yes",
    )
    assert (row.email, row.organisation_key, row.follow_up_consent) == (
        "ana@lopez-dental.com",
        "lopez-dental.com",
        True,
    )
    assert row.sentiment_label == "positive"
