"""Tracking consent in chromium, TRACKING_CONSENT=required: no cookie and no stored row before the
visitor allows analytics on the banner, tracking after it, and none again after withdrawing from
the footer; the tracker embedded on another site waits for that site's consent."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import TrackingConsent
from leadcapture.models.catalog_store import seed_catalog
from tests.browser.conftest import SITE_KEY, tracker_page
from tests.browser.test_tracker import (
    embed_site,
    is_events_post,
    received_posts,
    stored_events,
    wait_for_events,
)
from tests.consent.helpers import nothing_tracked, tracked_rows

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    app = make_app(TRACKING_CONSENT="required", SITE_API_KEYS=[SITE_KEY], WTF_CSRF_ENABLED=True)
    app.add_url_rule("/_test/tracker", "test_tracker_page", tracker_page)
    with app.app_context():
        seed_catalog()
    return app


def cookies(page) -> dict[str, str]:
    return {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}


def answers(app) -> list[tuple[str | None, bool, bool]]:
    with app.app_context():
        rows = db.session.scalars(select(TrackingConsent).order_by(TrackingConsent.id))
        return [(row.visitor_id, row.analytics, row.withdrawal) for row in rows]


def send_now(page) -> None:
    """A form submit: the tracker sends it at once, if it sends at all."""
    page.evaluate("LeadCapture.track('form_submit', 'contact')")
    page.wait_for_timeout(300)


def test_nothing_before_consent_tracking_after_it_none_after_withdrawing(
    app, live_server, page, page_problems
):
    page.goto(live_server.url + "/?utm_source=google&utm_campaign=spring")
    expect(page.get_by_test_id("consent-banner")).to_be_visible()
    send_now(page)
    assert cookies(page) == {}
    assert received_posts(live_server) == [] and nothing_tracked(app)

    page.get_by_role("button", name="Allow analytics").click()
    page.wait_for_load_state()
    visitor_id = cookies(page)["lc_vid"]
    assert cookies(page)["lc_consent"] == "analytics"
    expect(page.get_by_test_id("consent-banner")).to_have_count(0)
    with page.expect_response(is_events_post) as sent:
        page.evaluate("LeadCapture.track('form_submit', 'contact')")  # sends the queued page_view too
    assert sent.value.status == 202
    rows = wait_for_events(app, 2)
    assert [(row.event_type, row.name, row.visitor_id) for row in rows] == [
        ("page_view", "/", visitor_id),
        ("form_submit", "contact", visitor_id),
    ]
    assert answers(app) == [(visitor_id, True, False)]
    assert tracked_rows(app)["visit_sessions"] == 1

    page.get_by_role("button", name="Withdraw tracking consent").click()
    page.wait_for_load_state()
    assert "lc_vid" not in cookies(page) and cookies(page)["lc_consent"] == "necessary"
    assert answers(app)[-1] == (visitor_id, False, True)
    posts = len(received_posts(live_server))
    send_now(page)
    assert len(received_posts(live_server)) == posts and len(stored_events(app)) == 2
    expect(page.get_by_test_id("site-footer").get_by_role("link", name="Cookie settings")).to_be_visible()
    assert page_problems == []


def test_a_tool_answers_without_a_visitor_cookie(app, live_server, page, page_problems):
    page.goto(live_server.url + "/tools/cost-calculator/")
    page.locator("input[name=procedures][value=botox]").check()
    page.get_by_role("button", name="Estimate the cost").click()
    page.get_by_test_id("result").wait_for()
    expect(page.get_by_test_id("contact-form")).to_have_count(0)
    assert "lc_vid" not in cookies(page)
    assert nothing_tracked(app)
    assert page_problems == []


def test_the_tracker_on_another_site_waits_for_its_consent(app, live_server, page, page_problems):
    page.goto(embed_site(live_server) + "/_test/tracker")
    options = {"endpoint": f"{live_server.url}/api/v1/events", "apiKey": SITE_KEY, "consent": False}
    page.evaluate("o => LeadCapture.init(o)", options)
    send_now(page)
    assert received_posts(live_server) == []
    assert page.evaluate("localStorage.getItem('lc_vid')") is None

    with page.expect_response(is_events_post) as sent:
        page.evaluate("LeadCapture.consent(true); LeadCapture.track('form_submit', 'contact')")
    assert sent.value.request.post_data_json["analytics_consent"] is True
    visitor_id = page.evaluate("localStorage.getItem('lc_vid')")
    assert sent.value.json()["visitor_id"] == visitor_id
    rows = wait_for_events(app, 2)
    assert [(row.event_type, row.visitor_id) for row in rows] == [
        ("page_view", visitor_id),
        ("form_submit", visitor_id),
    ]

    page.evaluate("LeadCapture.consent(false)")
    send_now(page)
    assert page.evaluate("localStorage.getItem('lc_vid')") is None
    assert len(stored_events(app)) == 2
    assert page_problems == []
