"""The tracker follows the business-impact table in chromium: high-impact events go at once, others
wait for the batch; a rule an admin added counts as the server's does; every event carries its time
on page and the visit's duration."""

import pytest

from leadcapture.extensions import db
from leadcapture.models import EventImpactRule
from leadcapture.tracking.impact_table import current_impact_table
from tests.browser.test_tracker import (
    QUIET,
    is_events_post,
    open_tracker,
    received_posts,
    stored_events,
    track,
)

pytestmark = [pytest.mark.browser, pytest.mark.heavy]

ADMIN_RULES = [
    ("click", "book_*", "high"),
    ("form_submit", "newsletter_*", "low"),
    ("tool_usage", "*:slot", "high"),
]
CASES = [
    ("form_submit", "contact_form"),
    ("form_submit", "newsletter_signup"),
    ("form_submit", None),
    ("export", "booking_ics"),
    ("tool_usage", "cost_calculator:result"),
    ("tool_usage", "appointment_booking:slot"),
    ("tool_usage", "face_analysis:failed"),
    ("tool_usage", "x.result"),
    ("tool_usage", None),
    ("click", "book_now"),
    ("click", "book"),
    ("click", "menu"),
    ("click", None),
    ("error", "TypeError"),
    ("page_view", "/prices"),
    ("navigation", "menu"),
    ("content_interaction", "scroll"),
]


def add_rules(app, rules):
    with app.app_context():
        db.session.add_all(EventImpactRule(event_type=t, pattern=p, impact=i) for t, p, i in rules)
        db.session.commit()


def table_loaded(page):
    page.wait_for_function("LeadCapture.impact('click', 'x') !== null")


@pytest.mark.parametrize(
    ("event_type", "name"), [("tool_usage", "cost_calculator:start"), ("error", "TypeError")]
)
def test_medium_impact_events_wait_for_the_batch(app, live_server, page, page_problems, event_type, name):
    open_tracker(page, live_server.url, **QUIET)
    table_loaded(page)
    track(page, event_type, name)
    page.wait_for_timeout(300)
    assert received_posts(live_server) == []
    with page.expect_response(is_events_post):
        page.evaluate("LeadCapture.flush()")
    assert [(row.name, row.impact) for row in stored_events(app)] == [(name, "medium")]
    assert page_problems == []


def test_an_admin_s_rule_makes_an_event_go_at_once(app, live_server, page, page_problems):
    add_rules(app, ADMIN_RULES)
    open_tracker(page, live_server.url, **QUIET)
    track(page, "click", "menu")
    with page.expect_response(is_events_post) as response:
        track(page, "click", "book_now")  # sent once the table came, if it had not yet
    assert response.value.json()["accepted"] == 2
    assert [(row.name, row.impact) for row in stored_events(app)] == [("menu", "low"), ("book_now", "high")]
    assert page_problems == []


def test_the_tracker_gives_every_event_the_server_s_impact(app, live_server, page, page_problems):
    add_rules(app, ADMIN_RULES)
    open_tracker(page, live_server.url, **QUIET)
    table_loaded(page)
    in_browser = page.evaluate("cases => cases.map(([t, n]) => LeadCapture.impact(t, n))", CASES)
    with app.app_context():
        table = current_impact_table()
        on_server = [table.impact_of(event_type, name) for event_type, name in CASES]
    assert in_browser == on_server
    assert set(on_server) == {"high", "medium", "low"}
    assert page_problems == []


def test_events_carry_time_on_page_and_the_visit_s_duration(app, live_server, page, page_problems):
    open_tracker(page, live_server.url, **QUIET)
    page.wait_for_timeout(400)
    with page.expect_response(is_events_post) as first:
        track(page, "form_submit", "contact")
    sent = first.value.request.post_data_json["events"][0]
    assert sent["time_on_page_ms"] >= 400 and sent["session_duration_ms"] >= 0
    page.reload()  # the next page of the same visit
    open_tracker(page, live_server.url, **QUIET)
    with page.expect_response(is_events_post):
        track(page, "export", "pdf")
    rows = stored_events(app)
    assert [row.name for row in rows] == ["contact", "pdf"]
    assert rows[0].time_on_page_ms == sent["time_on_page_ms"]
    # The visit began on the first page: it lasted longer than the second page was open.
    assert rows[1].session_duration_ms > rows[1].time_on_page_ms
    assert page_problems == []
