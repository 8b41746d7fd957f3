"""Feedback prompts in chromium: the rating card after a tool result, exit intent on desktop, a
prompt abandoned when its tab closes, and the caps holding across reloads."""

import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.feedback_prompts.settings import save_prompt_settings
from leadcapture.models import Feedback, FeedbackPrompt
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.scoring_rules.draft import update_settings
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.scoring_rules.versions import publish

pytestmark = [pytest.mark.browser, pytest.mark.heavy]


@pytest.fixture
def app(make_app):
    """The site with CSRF on; the contact form is never offered (it would be the prompt on screen),
    and the banner waits an hour unless a test says otherwise."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        seed_catalog()
        seed_default_rules()
        update_settings({"form_threshold": 100}, actor="test")
        publish("test")
        save_prompt_settings({"banner_delay_seconds": 3600}, actor_id=None)
    return app


def prompts(app) -> list[FeedbackPrompt]:
    with app.app_context():
        return db.session.scalars(select(FeedbackPrompt).order_by(FeedbackPrompt.shown_at)).all()


def wait_for(app, check, timeout=5.0):
    """The prompts once ``check(prompts)`` holds (beacons arrive after the page is gone)."""
    deadline = time.monotonic() + timeout
    while not check(rows := prompts(app)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return rows


def calculate(page, base_url, procedure="Botox"):
    page.goto(f"{base_url}/tools/cost-calculator/")
    page.get_by_label(procedure).check()
    page.get_by_role("button", name="Estimate the cost").click()
    page.get_by_test_id("result").wait_for()


def is_prompt_request(response):
    return response.request.method == "POST" and response.url.endswith("/api/v1/prompts")


def test_the_rating_card_shows_under_a_tool_result(page, live_server, app, page_problems):
    with page.expect_response(is_prompt_request) as asked:
        calculate(page, live_server.url)
    assert asked.value.status == 201
    card = page.get_by_test_id("result").get_by_test_id("feedback-prompt")
    expect(card.get_by_role("heading")).to_have_text("Was this helpful?")
    assert "Thanks for visiting the clinic!" in card.inner_text()  # a low-engagement visit
    card.get_by_role("button", name="Send").click()
    expect(card.get_by_role("alert")).to_have_text("Please pick a rating from 1 to 5.")
    with page.expect_response(lambda response: response.url.endswith("/interacted")):
        card.get_by_label("4 ★").check()
    card.get_by_label("Anything to add?").fill("Clear prices, thank you")
    with page.expect_response(lambda response: response.url.endswith("/api/v1/feedback")) as sent:
        card.get_by_role("button", name="Send").click()
    assert sent.value.status == 201
    expect(card.get_by_role("status")).to_have_text("Thank you! Your feedback helps the clinic improve.")
    [prompt] = prompts(app)
    assert (prompt.prompt_type, prompt.status) == ("tool_result", "submitted")
    assert prompt.interacted_at <= prompt.submitted_at
    with app.app_context():
        feedback = db.session.scalars(select(Feedback)).one()
        assert (feedback.rating, feedback.comment, feedback.context) == (
            4,
            "Clear prices, thank you",
            "tool_result",
        )
        assert (feedback.prompt_id, feedback.interaction_id) == (prompt.id, prompt.interaction_id)
    assert page_problems == []


def test_exit_intent_on_desktop_after_a_tool_use(page, live_server, app, page_problems):
    calculate(page, live_server.url)
    page.get_by_test_id("feedback-prompt").wait_for()  # ignored: the visitor goes on
    page.goto(f"{live_server.url}/")
    wait_for(app, lambda rows: rows and rows[0].closed_at is not None)
    page.mouse.move(400, 300)
    with page.expect_response(is_prompt_request) as asked:
        page.mouse.move(400, -20)  # out through the top, towards the tabs and the address bar
    assert asked.value.status == 201
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Before you go: how was your visit?")
    assert [p.prompt_type for p in prompts(app)] == ["tool_result", "exit_intent"]
    assert page_problems == []


def test_a_half_filled_prompt_is_abandoned_when_its_tab_closes(page, live_server, app):
    calculate(page, live_server.url)
    card = page.get_by_test_id("feedback-prompt")
    card.wait_for()
    with page.expect_response(lambda response: response.url.endswith("/interacted")):
        card.get_by_label("Anything to add?").fill("The prices were clear but")
    page.close()
    [prompt] = wait_for(app, lambda rows: rows and rows[0].status == "abandoned")
    assert prompt.status == "abandoned" and prompt.abandoned_at is not None
    beacons = [r for r in live_server.requests if r["path"].endswith("/abandoned")]
    assert [r["content_type"] for r in beacons] == ["text/plain;charset=UTF-8"]


def test_an_untouched_prompt_closes_with_its_page_and_the_caps_hold_across_reloads(page, live_server, app):
    calculate(page, live_server.url)
    page.get_by_test_id("feedback-prompt").wait_for()
    with page.expect_response(is_prompt_request) as asked:
        calculate(page, live_server.url, "Hydrafacial")  # another result: the card was shown this visit
    assert asked.value.json() == {"show": False, "reason": "shown_this_session"}
    expect(page.get_by_test_id("feedback-prompt")).to_have_count(0)
    [first] = wait_for(app, lambda rows: rows and rows[0].closed_at is not None)
    assert first.status == "shown" and first.closed_at is not None

    with app.app_context():
        save_prompt_settings({"banner_delay_seconds": 0}, actor_id=None)
    with page.expect_response(is_prompt_request) as asked:
        page.goto(f"{live_server.url}/")
    assert asked.value.status == 201
    banner = page.get_by_test_id("feedback-prompt")
    assert banner.get_attribute("data-prompt-type") == "in_app"
    with page.expect_response(lambda response: response.url.endswith("/dismissed")):
        banner.get_by_role("button", name="Close").click()
    for _ in range(2):
        with page.expect_response(is_prompt_request) as asked:
            page.reload()
        assert asked.value.json() == {"show": False, "reason": "after_dismissal"}
        expect(page.get_by_test_id("feedback-prompt")).to_have_count(0)
    assert [(p.prompt_type, p.status) for p in prompts(app)] == [
        ("tool_result", "shown"),
        ("in_app", "dismissed"),
    ]


SET_VISIBILITY = """state => {
    Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
}"""


def test_exit_intent_on_a_touch_screen_when_the_page_comes_back(browser, live_server, app):
    # Headless chromium keeps every tab visible: the switch to another app is played to the page.
    context = browser.new_context(is_mobile=True, has_touch=True, viewport={"width": 390, "height": 800})
    context.set_default_timeout(5000)
    page = context.new_page()
    calculate(page, live_server.url)
    page.get_by_test_id("feedback-prompt").wait_for()
    page.goto(f"{live_server.url}/")
    wait_for(app, lambda rows: rows and rows[0].closed_at is not None)
    page.mouse.move(200, 300)
    page.mouse.move(200, -20)  # no pointer to leave with on a touch screen: nothing asked
    page.evaluate(SET_VISIBILITY, "hidden")
    with page.expect_response(is_prompt_request) as asked:
        page.evaluate(SET_VISIBILITY, "visible")
    assert asked.value.status == 201
    assert page.get_by_role("dialog").get_attribute("data-prompt-type") == "exit_intent"
    assert [p.prompt_type for p in prompts(app)] == ["tool_result", "exit_intent"]
    context.close()
