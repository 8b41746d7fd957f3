"""The JavaScript tracker in chromium: batching, high-impact events, retries, beacons, embedding."""

import time

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent
from tests.browser.conftest import SITE_KEY

pytestmark = [pytest.mark.browser, pytest.mark.heavy]

QUIET = {"flushInterval": 60_000, "autoPageView": False}  # only size, type or flush() sends


def stored_events(app):
    with app.app_context():
        return db.session.scalars(select(BehaviourEvent).order_by(BehaviourEvent.id)).all()


def wait_for_events(app, count, timeout=5.0):
    """The stored events once there are ``count`` of them (or what there is at the timeout)."""
    deadline = time.monotonic() + timeout
    while len(rows := stored_events(app)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return rows


def is_events_post(request_or_response):
    request = getattr(request_or_response, "request", request_or_response)
    return request.method == "POST" and "/api/v1/events" in request.url


def received_posts(live_server):
    """The event POSTs the server received."""
    return [r for r in live_server.requests if r["method"] == "POST" and r["path"] == "/api/v1/events"]


def open_tracker(page, base_url, **options):
    page.goto(f"{base_url}/_test/tracker")
    page.evaluate("options => LeadCapture.init(options)", options)


def track(page, event_type, name, properties=None):
    page.evaluate("([t, n, p]) => LeadCapture.track(t, n, p)", [event_type, name, properties or {}])


def test_ten_events_make_one_request(app, live_server, page, page_problems):
    open_tracker(page, live_server.url, **QUIET)
    for i in range(9):
        track(page, "click", f"button {i}", {"i": i})
    page.wait_for_timeout(300)
    assert received_posts(live_server) == []

    with page.expect_response(is_events_post) as response:
        track(page, "click", "button 9", {"i": 9})

    assert response.value.status == 202
    body = response.value.json()
    assert body["accepted"] == 10 and body["rejected"] == []
    assert len(received_posts(live_server)) == 1
    sent = response.value.request.post_data_json["events"]
    assert sent[0]["page_url"] == f"{live_server.url}/_test/tracker"
    assert sent[0]["timestamp"].endswith("Z")
    rows = stored_events(app)
    assert [(row.event_type, row.name, row.properties) for row in rows] == [
        ("click", f"button {i}", {"i": i}) for i in range(10)
    ]
    assert {row.visitor_id for row in rows} == {body["visitor_id"]}
    assert rows[0].client_timestamp is not None
    assert page_problems == []


def test_interval_sends_a_partial_batch_with_the_page_view(app, live_server, page, page_problems):
    page.goto(f"{live_server.url}/_test/tracker")
    with page.expect_response(is_events_post) as response:
        page.evaluate(
            """() => {
                LeadCapture.init({ flushInterval: 300 });
                LeadCapture.track("click", "cta", { at: "hero" });
            }"""
        )
    assert response.value.json()["accepted"] == 2
    rows = stored_events(app)
    assert [(row.event_type, row.name, row.properties) for row in rows] == [
        ("page_view", "/_test/tracker", {"title": "Tracker test"}),
        ("click", "cta", {"at": "hero"}),
    ]
    assert page_problems == []


def test_flush_sends_the_queue_now(app, live_server, page, page_problems):
    open_tracker(page, live_server.url, **QUIET)
    track(page, "click", "one")
    with page.expect_response(is_events_post) as response:
        page.evaluate("LeadCapture.flush()")
    assert response.value.json()["accepted"] == 1
    assert [row.name for row in stored_events(app)] == ["one"]
    assert page_problems == []


@pytest.mark.parametrize(
    ("event_type", "name"),
    [("form_submit", "contact"), ("export", "pdf"), ("tool_usage", "cost_calculator:result")],
)
def test_high_impact_event_is_sent_at_once(app, live_server, page, page_problems, event_type, name):
    open_tracker(page, live_server.url, **QUIET)
    track(page, "click", "before")
    with page.expect_response(is_events_post) as response:
        track(page, event_type, name)
    assert response.value.json()["accepted"] == 2
    assert len(received_posts(live_server)) == 1
    rows = stored_events(app)
    assert [(row.event_type, row.name, row.impact) for row in rows] == [
        ("click", "before", "low"),
        (event_type, name, "high"),
    ]
    assert page_problems == []


@pytest.mark.parametrize("failure", ["503", "network"])
def test_failed_send_is_retried_and_delivered_once(app, live_server, page, page_problems, failure):
    attempts = []

    def fail_first(route):
        attempts.append((time.monotonic(), route.request.post_data_json))
        if len(attempts) > 1:
            route.continue_()
        elif failure == "network":
            route.abort("connectionfailed")
        else:
            route.fulfill(status=503, json={"error": {"code": "unavailable"}})

    page.route("**/api/v1/events*", fail_first)
    open_tracker(page, live_server.url, **QUIET)
    with page.expect_response(lambda r: is_events_post(r) and r.status == 202, timeout=4000):
        track(page, "click", "cta")
        track(page, "form_submit", "contact")

    assert len(attempts) == 2
    (failed_at, failed_body), (retried_at, retried_body) = attempts
    assert retried_body == failed_body
    assert retried_at - failed_at >= 0.4  # backed off, not hammering
    page.evaluate("LeadCapture.flush()")  # nothing left to send
    page.wait_for_timeout(300)
    assert len(attempts) == 2
    assert [row.name for row in stored_events(app)] == ["cta", "contact"]
    assert page_problems == []


def test_batch_the_server_refuses_is_dropped(app, live_server, page, page_problems):
    attempts = []

    def refuse_first(route):
        attempts.append(route.request.post_data_json)
        if len(attempts) > 1:
            route.continue_()
        else:
            route.fulfill(status=422, json={"error": {"code": "validation_failed"}})

    page.route("**/api/v1/events*", refuse_first)
    open_tracker(page, live_server.url, **QUIET)
    with page.expect_response(lambda r: is_events_post(r) and r.status == 422):
        track(page, "form_submit", "refused")
    with page.expect_response(lambda r: is_events_post(r) and r.status == 202):
        track(page, "form_submit", "accepted")

    assert [[event["name"] for event in body["events"]] for body in attempts] == [["refused"], ["accepted"]]
    assert [row.name for row in stored_events(app)] == ["accepted"]
    assert page_problems == []


def test_leaving_the_home_page_sends_its_queue_by_beacon(app, live_server, page, page_problems):
    page.goto(live_server.url + "/")
    track(page, "click", "book now")
    assert received_posts(live_server) == []  # the home page's tracker waits 10 s or for 10 events

    page.goto("about:blank")

    rows = wait_for_events(app, 2)
    assert [(row.event_type, row.name) for row in rows] == [("page_view", "/"), ("click", "book now")]
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "lc_vid")
    assert {row.visitor_id for row in rows} == {cookie}
    assert [post["content_type"] for post in received_posts(live_server)] == ["text/plain"]
    assert page_problems == []


HIDE_PAGE = {
    "visibilitychange": """() => {
        Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
    }""",
    "pagehide": """() => window.dispatchEvent(new PageTransitionEvent("pagehide"))""",
}


@pytest.mark.parametrize("event", HIDE_PAGE)
def test_hidden_page_sends_its_queue_by_beacon(app, live_server, page, page_problems, event):
    open_tracker(page, live_server.url, **QUIET)
    track(page, "click", "cta")
    page.evaluate(HIDE_PAGE[event])
    assert [row.name for row in wait_for_events(app, 1)] == ["cta"]
    assert [post["content_type"] for post in received_posts(live_server)] == ["text/plain"]
    assert page_problems == []


def test_public_functions_never_throw(app, live_server, page, page_problems):
    page.goto(f"{live_server.url}/_test/tracker")
    outcome = page.evaluate(
        """() => {
            const cyclic = {};
            cyclic.self = cyclic;
            LeadCapture.init({ endpoint: "http://[not a url" });
            LeadCapture.track("click", "cyclic", cyclic);
            LeadCapture.flush();
            LeadCapture.init({ flushInterval: 60000, autoPageView: false });
            LeadCapture.track("click", "fine", [1, 2]);
            return "no exception";
        }"""
    )
    assert outcome == "no exception"
    with page.expect_response(is_events_post):
        page.evaluate("LeadCapture.flush()")
    assert [(row.name, row.properties) for row in stored_events(app)] == [("fine", {})]
    assert page_problems == []


def embed_site(live_server):
    """The live server under another name: a different origin, as another site would be."""
    return live_server.url.replace("127.0.0.1", "localhost")


def test_embedded_on_another_site_with_its_key(app, live_server, page, page_problems):
    page.goto(embed_site(live_server) + "/_test/tracker")
    options = {"endpoint": f"{live_server.url}/api/v1/events", "apiKey": SITE_KEY, "flushInterval": 60_000}
    with page.expect_response(is_events_post) as response:
        page.evaluate("o => { LeadCapture.init(o); LeadCapture.track('form_submit', 'contact'); }", options)

    assert response.value.status == 202
    visitor_id = page.evaluate("localStorage.getItem('lc_vid')")
    assert response.value.json()["visitor_id"] == visitor_id
    assert response.value.request.post_data_json["visitor_id"] == visitor_id
    # The same visitor after a reload; a beacon on leaving works cross-site too.
    page.reload()
    page.evaluate("o => { LeadCapture.init(o); LeadCapture.track('click', 'more'); }", options)
    page.goto("about:blank")
    rows = wait_for_events(app, 4)
    assert [(row.event_type, row.name) for row in rows] == [
        ("page_view", "/_test/tracker"),
        ("form_submit", "contact"),
        ("page_view", "/_test/tracker"),
        ("click", "more"),
    ]
    assert {row.visitor_id for row in rows} == {visitor_id}
    posts = received_posts(live_server)
    assert [post["content_type"] for post in posts] == ["application/json", "text/plain"]
    assert all(post["query"] == f"api_key={SITE_KEY}" for post in posts)
    assert page_problems == []


def test_embedded_without_a_key_is_refused_quietly(app, live_server, page, page_problems):
    page.goto(embed_site(live_server) + "/_test/tracker")
    with page.expect_response(is_events_post) as response:
        page.evaluate(
            "url => { LeadCapture.init({ endpoint: url }); LeadCapture.track('form_submit', 'contact'); }",
            f"{live_server.url}/api/v1/events",
        )
    assert response.value.status == 401
    assert response.value.json()["error"]["code"] == "api_key_required"
    page.wait_for_timeout(100)  # the page would have logged a CORS error by now
    assert stored_events(app) == []
    assert page_problems == []
