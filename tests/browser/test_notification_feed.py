"""The live notification feed in a real browser: on /admin/notifications a new alert appears at the
top and the bell counts it without the page reloading, across the stream's reconnections, with no
script error or CSP violation."""

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.alerts import open_alert
from leadcapture.extensions import db
from tests.admin.signin import PASSWORD, sign_in_page
from tests.browser.test_csp import WATCH_VIOLATIONS, violations
from tests.live import serving_requests
from tests.sync.helpers import wait_until

pytestmark = pytest.mark.browser
SALES = "sam@example.com"


@pytest.fixture
def app(make_app):
    # Short streams: the browser reconnects every second, from the last event it got.
    return make_app(NOTIFICATION_STREAM_POLL_SECONDS=0.1, NOTIFICATION_STREAM_SECONDS=1.0)


def alert(app, title: str, role: str | None = "sales") -> None:
    with app.app_context():
        open_alert("lead_flow", title, title, f"About {title}.", for_role=role)
        db.session.commit()


def stream_requests(live_server) -> list[dict]:
    return [r for r in live_server.requests if r["path"] == "/admin/notifications/stream"]


def titles(page) -> list[str]:
    return page.locator("[data-testid=notification] .notification-title a").all_inner_texts()


def test_new_notifications_appear_and_are_counted_without_a_reload(page, live_server, app, page_problems):
    page.add_init_script(WATCH_VIOLATIONS)
    with app.app_context():
        ensure_user(SALES, PASSWORD, "sales")
    sign_in_page(page, live_server.url, SALES)
    page.goto(f"{live_server.url}/admin/notifications")
    expect(page.get_by_test_id("no-notifications")).to_be_visible()
    page.evaluate("window.samePage = true")
    bell = page.locator("[data-unread]")
    expect(bell).to_be_hidden()

    alert(app, "First alert")
    page.get_by_role("link", name="First alert").wait_for()
    expect(bell).to_have_text("1")
    expect(page.get_by_test_id("no-notifications")).to_be_hidden()
    alert(app, "For marketing only", role="marketing")
    streams = len(stream_requests(live_server))
    # A whole stream after it (the browser reconnects every second) did not send it to sales.
    wait_until(lambda: len(stream_requests(live_server)) >= streams + 2, what="two reconnections")
    alert(app, "Second alert", role=None)
    page.get_by_role("link", name="Second alert").wait_for()

    assert titles(page) == ["Second alert", "First alert"] and bell.inner_text() == "2"
    assert page.evaluate("window.samePage") is True  # never reloaded
    assert page_problems == [] and violations(page) == []
    page.goto("about:blank")  # the feed stops: its stream ends at its next poll, before the teardown
    wait_until(lambda: not serving_requests(), what="the last stream to end")
