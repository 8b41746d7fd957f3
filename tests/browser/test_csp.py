"""The Content-Security-Policy in a real browser: the admin pages and a tool page run their scripts
(charts, the tracker, the contact form's prompt script) with no violation, and a script without
the nonce is blocked."""

import pytest

from leadcapture.models.catalog_store import seed_catalog
from tests.admin.lead_data import user_id
from tests.admin.signin import sign_in_page
from tests.admin.test_funnel import build_week

pytestmark = [pytest.mark.browser, pytest.mark.heavy]

# Runs before the page's own scripts (injected by the browser, so the CSP does not apply to it).
WATCH_VIOLATIONS = """window.cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.cspViolations.push(event.violatedDirective + " " + event.blockedURI));"""
WEEK = "from=2026-03-01&to=2026-03-07"
UNSIGNED_PAGE = """<!doctype html><html><head><title>before</title></head>
<body><script>document.title = "ran";</script></body></html>"""


@pytest.fixture
def app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    app.add_url_rule("/_test/unsigned", "test_unsigned_page", lambda: UNSIGNED_PAGE)
    with app.app_context():
        seed_catalog()
    return app


@pytest.fixture
def watched(page):
    page.add_init_script(WATCH_VIOLATIONS)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def chart_drawn(page, name: str) -> bool:
    canvas = f"document.querySelector('[data-testid=\"chart-{name}\"]')"
    return page.evaluate(f"!!{canvas}.chart && !{canvas}.hasAttribute('data-chart-error')")


def test_admin_pages_draw_their_charts_without_a_violation(watched, live_server, app, page_problems):
    build_week(app)
    with app.app_context():
        user_id("boss@example.com", "admin")
    sign_in_page(watched, live_server.url, "boss@example.com")
    for path, chart in (
        (f"/admin/?{WEEK}", "daily"),
        (f"/admin/funnel?{WEEK}", "funnel"),
        (f"/admin/attribution?{WEEK}", "attribution"),
        ("/admin/leads", None),
        ("/admin/interactions", None),
        ("/admin/rules", None),
        ("/admin/users", None),
        ("/admin/audit", None),
    ):
        watched.goto(live_server.url + path)
        assert violations(watched) == [], path
        assert chart is None or chart_drawn(watched, chart), path
    assert page_problems == []


def test_a_tool_page_runs_the_tracker_and_the_forms_script_without_a_violation(
    watched, live_server, app, page_problems
):
    watched.goto(f"{live_server.url}/tools/cost-calculator/")
    # The inline script initialised the tracker: a flush sends the page view.
    with watched.expect_request(lambda request: request.url.endswith("/api/v1/events")):
        watched.evaluate("LeadCapture.flush()")
    watched.get_by_label("Botox").check()
    watched.get_by_label("Budget").select_option("over_10k")
    watched.get_by_label("When would you like to start?").select_option("immediate")
    watched.get_by_role("button", name="Estimate the cost").click()
    # The contact form's inline script records the first touch.
    with watched.expect_response(lambda response: response.url.endswith("/interacted")) as touched:
        watched.get_by_test_id("contact-form").get_by_label("Email", exact=True).fill("ivy@example.com")
    assert touched.value.status == 200
    assert violations(watched) == []
    assert page_problems == []


def test_an_inline_script_without_the_nonce_is_blocked(watched, live_server, page_problems):
    watched.goto(f"{live_server.url}/_test/unsigned")
    assert watched.title() == "before"
    assert [line.split(" ")[0] for line in violations(watched)] == ["script-src-elem"]
    assert any("Content Security Policy" in problem for problem in page_problems)
