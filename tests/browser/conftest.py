"""Browser fixtures: the app on a live local server, and Debian's chromium through Playwright."""

from dataclasses import dataclass, field

import pytest
from playwright.sync_api import sync_playwright

from tests.live import serve

# Never `playwright install`: Debian's chromium is driven directly.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SITE_KEY = "browser-test-site-key"

# Loads the tracker without initialising it, so each test calls init with its own options.
TRACKER_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Tracker test</title></head>
<body><script src="/static/js/tracker.js"></script></body></html>"""


def tracker_page() -> str:
    return TRACKER_PAGE


# The page stands for another site's, so our Content-Security-Policy (connect-src 'self') is not
# its own: that site's policy, if any, applies there (Talisman's per-view options).
tracker_page.talisman_view_options = {"content_security_policy": None}


@pytest.fixture(scope="session", params=["postgresql"])
def database_url(request, migrated_postgresql):
    """What a person clicks is checked on PostgreSQL, production's database, only: the pages' queries
    run on both databases in the tests that request them without a browser (tests/admin, tests/web),
    and a browser test on each took 440 s of the suite's worker time."""
    return migrated_postgresql


@pytest.fixture
def app(make_app):
    """The app with a site API key, and a bare tracker page at ``/_test/tracker``."""
    app = make_app(SITE_API_KEYS=[SITE_KEY])
    app.add_url_rule("/_test/tracker", "test_tracker_page", tracker_page)
    return app


@dataclass
class LiveServer:
    url: str
    # Method, path, query and content type of every request served, beacons included
    # (Playwright does not see a beacon sent while its page unloads).
    requests: list[dict] = field(default_factory=list)

    def wsgi(self, app):
        """``app`` wrapped to record each request in ``requests``."""

        def recording_app(environ, start_response):
            self.requests.append(
                {
                    "method": environ["REQUEST_METHOD"],
                    "path": environ["PATH_INFO"],
                    "query": environ.get("QUERY_STRING", ""),
                    "content_type": environ.get("CONTENT_TYPE", ""),
                }
            )
            return app(environ, start_response)

        return recording_app


@pytest.fixture
def live_server(app):
    """The app served on 127.0.0.1 and a free port from a background thread."""
    live = LiveServer(url="")
    with serve(live.wsgi(app)) as url:
        live.url = url
        yield live


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page in a fresh browser context (no cookies or storage from other tests)."""
    context = browser.new_context()
    # An upper bound, not a wait: on two cores shared by both xdist workers a cold admin page
    # (Chart.js parsed, roll-ups counted) took over 5 s to load now and then.
    context.set_default_timeout(15000)
    yield context.new_page()
    context.close()


@pytest.fixture
def page_problems(page):
    """Uncaught errors and console errors of ``page``; the browser's own network-failure lines aside."""
    problems = []
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    page.on("console", on_console)
    return problems
