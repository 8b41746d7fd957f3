"""An admin in a real browser edits a rule, previews, publishes; rescoring changes a lead's score,
and restoring the old version brings it back."""

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import Lead
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import sign_in_page
from tests.sync.helpers import submit_lead, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app):
    """CSRF on, as admins get it."""
    return make_app(WTF_CSRF_ENABLED=True)


def stored_score(app, lead_id: int) -> tuple[int, int]:
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        return lead.score, lead.rule_set_version


def test_edit_preview_publish_rescore_and_restore(page, live_server, app, page_problems):
    with app.app_context():
        ensure_user("admin@example.com", "Velvet-Otter-Drums-71", "admin")
        lead_id = submit_lead("ana@example.com").id  # used the cost calculator: 70 points, version 1
    assert stored_score(app, lead_id) == (70, 1)

    sign_in_page(page, live_server.url, "admin@example.com")
    page.get_by_role("link", name="Rules", exact=True).click()
    expect(page.get_by_test_id("draft-same")).to_be_visible()

    page.get_by_role("link", name="Edit Cost calculator used").click()
    points = page.get_by_label("Points", exact=True)
    assert points.input_value() == "70"
    points.fill("lots")
    page.get_by_role("button", name="Save rule").click()
    expect(page.locator("#points-error")).to_contain_text("must be a whole number between -1000 and 1000")
    page.get_by_label("Points", exact=True).fill("140")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_test_id("draft-differs")).to_contain_text("points: 70 → 140")

    page.get_by_role("link", name="Preview their impact on stored scores").click()
    expect(page.get_by_test_id("preview-changed")).to_have_text("1")
    assert page.get_by_test_id("preview-movers").locator("tbody td").all_inner_texts()[1:] == [
        "70",
        "100",
        "+30",
    ]
    page.get_by_label("Note").fill("Calculator users are worth more")
    page.get_by_role("button", name="Publish the draft").click()
    expect(page.locator(".flash-info")).to_contain_text("Published version 2.")
    wait_until(lambda: stored_score(app, lead_id) == (100, 2), what="the rescore with version 2")
    page.reload()
    expect(page.get_by_test_id("score-coverage")).to_contain_text("1 of 1 leads.")
    expect(page.locator('tr[data-rule="Cost calculator used"] .points')).to_have_text("140")

    page.get_by_role("link", name="Versions").click()
    page.get_by_role("link", name="2", exact=True).click()
    expect(page.get_by_test_id("changes")).to_contain_text("points: 70 → 140")
    page.get_by_role("link", name="Versions").click()
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator(".flash-info")).to_contain_text("Version 1 restored as version 3.")
    wait_until(lambda: stored_score(app, lead_id) == (70, 3), what="the rescore with the restored version")
    finish_jobs(app)
    assert page_problems == []
