"""An archived weekly report in a real browser: marketing opens it, the email shows in its sandboxed
frame (framing allowed for that document only) with the comment as text, and no policy is broken."""

import pytest
from playwright.sync_api import expect

from tests.admin.lead_data import user_id
from tests.admin.signin import sign_in_page
from tests.browser.test_csp import violations, watched  # noqa: F401  (a fixture)
from tests.weekly_report.helpers import EVIL, archive_one

pytestmark = pytest.mark.browser


def test_marketing_reads_an_archived_report_as_it_was_emailed(watched, live_server, app, page_problems):  # noqa: F811
    report_id = archive_one(app)
    with app.app_context():
        user_id("marketer@example.com", "marketing")
    sign_in_page(watched, live_server.url, "marketer@example.com")
    watched.get_by_role("link", name="Weekly report").click()
    watched.get_by_role("link", name="2026-11-30 to 2026-12-06").click()
    assert watched.url == f"{live_server.url}/admin/weekly-reports/{report_id}"
    email = watched.frame_locator("[data-testid=archived-email]")
    email.get_by_role("heading", name="Visits and sessions").wait_for()
    expect(email.get_by_text(EVIL)).to_have_count(1)  # the comment as text, not a script
    expect(email.locator("script")).to_have_count(0)
    assert violations(watched) == []
    assert page_problems == []
