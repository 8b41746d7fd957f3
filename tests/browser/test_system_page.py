"""The admin's System page in a real browser: reached from the navigation, its chart drawn."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.models.types import utcnow
from leadcapture.ops.samples import take_sample
from tests.admin.signin import PASSWORD, sign_in_page
from tests.browser.charts import chart_labels

pytestmark = pytest.mark.browser


def test_an_admin_opens_the_system_page_and_sees_the_last_days_chart(page, live_server, app, page_problems):
    now = utcnow()
    with app.app_context():
        ensure_user("ops@example.com", PASSWORD, "admin")
        for minutes in (15, 10, 5):
            take_sample(now - timedelta(minutes=minutes))
    sign_in_page(page, live_server.url, "ops@example.com")
    page.get_by_role("link", name="System").click()

    expect(page.get_by_role("heading", name="System", level=1)).to_be_visible()
    labels = chart_labels(page, "system")
    assert len(labels) == 3
    assert page.get_by_test_id("check-database").inner_text().startswith("database\tready")
    assert page_problems == []
