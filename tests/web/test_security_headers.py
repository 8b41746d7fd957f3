"""Security headers: a CSP whose nonce every inline script carries, no framing, nosniff, a strict
Referrer-Policy; HSTS only in production and over HTTPS; the public API still answers other sites."""

import re

import pytest

from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.admin.test_session_cookies import production_app  # noqa: F401  (a fixture)

HTTPS = {"base_url": "https://leads.example"}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header as directive -> sources."""
    parts = [part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";")]
    return {name: sources for name, sources in parts}


def nonce(response) -> str:
    match = re.search(r"'nonce-([^']+)'", policy(response)["script-src"])
    assert match, response.headers["Content-Security-Policy"]
    return match.group(1)


def inline_script_nonces(html: str) -> list[str | None]:
    """The nonce of each <script> without a src (None: it has none)."""
    tags = re.findall(r"<script\b([^>]*)>", html)
    inline = [attrs for attrs in tags if "src=" not in attrs]
    return [(re.search(r'nonce="([^"]*)"', attrs) or [None, None])[1] for attrs in inline]


@pytest.fixture
def site(app):
    with app.app_context():
        seed_catalog()
    return app.test_client()


def test_every_response_has_the_security_headers(site):
    for path in ("/", "/tools/cost-calculator/", "/admin/login", "/static/js/tracker.js", "/api/v1/tools"):
        response = site.get(path)
        response.close()  # the static file's
        assert response.status_code == 200, path
        sources = policy(response)
        assert sources["default-src"] == "'self'" and sources["object-src"] == "'none'"
        assert sources["frame-ancestors"] == "'none'" and sources["base-uri"] == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_scripts_are_our_files_or_carry_the_requests_nonce(site):
    home = site.get("/")
    assert policy(home)["script-src"].startswith("'self' 'nonce-")
    assert "'unsafe-inline'" not in home.headers["Content-Security-Policy"]
    assert inline_script_nonces(home.get_data(as_text=True)) == [nonce(home)]
    # The cost calculator's result offers the contact form, followed by the prompts' static script.
    result = site.post(
        "/tools/cost-calculator/",
        data={"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"},
    )
    html = result.get_data(as_text=True)
    assert 'data-testid="contact-form"' in html and "/static/js/feedback-prompts.js" in html
    assert inline_script_nonces(html) == [nonce(result)]
    assert nonce(site.get("/")) != nonce(home)


def test_no_inline_style_or_event_handler_in_any_admin_page(app):
    """The CSP allows neither: a chart's height comes from the stylesheet."""
    admin = signed_in_client(app, "admin")
    for path in ("/admin/", "/admin/funnel", "/admin/attribution", "/admin/leads", "/admin/users"):
        html = admin.get(path).get_data(as_text=True)
        assert not re.search(r"\sstyle=|\son[a-z]+=", html), path
        assert inline_script_nonces(html) == [], path


def test_no_hsts_outside_production_even_over_https(site):
    assert "Strict-Transport-Security" not in site.get("/", **HTTPS).headers


def test_production_sends_hsts_over_https_only(production_app):  # noqa: F811
    client = production_app.test_client()
    assert client.get("/admin/login", **HTTPS).headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains"
    )
    assert "Strict-Transport-Security" not in client.get("/admin/login").headers
    # TLS ends at the proxy: the app never redirects plain HTTP itself.
    assert client.get("/admin/login").status_code == 200


def test_the_public_api_still_answers_other_sites(site):
    preflight = site.options(
        "/api/v1/events",
        headers={
            "Origin": "https://partner.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Content-Type, X-API-Key",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "X-API-Key" in preflight.headers["Access-Control-Allow-Headers"]
    tools = site.get("/api/v1/tools", headers={"Origin": "https://partner.example"})
    assert tools.status_code == 200
    assert tools.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    script = site.get("/static/js/tracker.js")
    script.close()
    assert script.mimetype == "text/javascript"  # nosniff lets other sites load it only as a script
