"""A/B experiments in chromium: the visitor sees their variant's call to action, and tracker.js
gives the page the assignment the server showed (and logged)."""

import pytest

from leadcapture.models.catalog_store import seed_catalog
from tests.experiments.rows import BOLD, add_experiment, exposures

pytestmark = pytest.mark.browser

# Registered before the page's own scripts run, as a page's analytics tag would be.
LISTEN = (
    "document.addEventListener('leadcapture:experiments', (e) => { window.shownExperiments = e.detail; });"
)


@pytest.fixture
def app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        seed_catalog()
        add_experiment(variants=(("control", 0, {}), ("bold", 100, BOLD)))
    return app


def test_the_visitor_sees_the_variant_and_the_tracker_exposes_it(page, live_server, app, page_problems):
    page.add_init_script(LISTEN)
    page.goto(f"{live_server.url}/tools/cost-calculator/")
    cta = page.get_by_test_id("tool-cta")
    assert cta.inner_text() == BOLD["cta_copy"]
    assert page.evaluate("LeadCapture.experiments") == {"cta-copy": "bold"}
    assert page.evaluate("window.shownExperiments") == {
        "experiments": {"cta-copy": "bold"},
        "added": {"cta-copy": "bold"},
    }
    page.get_by_label("Botox").check()
    cta.click()
    page.get_by_test_id("result").wait_for()
    assert page.get_by_test_id("tool-cta").inner_text() == BOLD["cta_copy"]  # the same variant
    with app.app_context():
        assert [row.variant for row in exposures()] == ["bold"]
    assert page_problems == []


def test_a_page_without_an_experiment_exposes_nothing(page, live_server, app, page_problems):
    page.goto(f"{live_server.url}/tools/recommendation/")
    assert page.evaluate("LeadCapture.experiments") == {}
    with app.app_context():
        assert exposures() == []
    assert page_problems == []
