"""Each role in a real browser: sign in, the navigation lists exactly the sections allowed, each
opens, the others answer 403, sign out. Driven by NAVIGATION and SECTION_ROLES."""

from types import SimpleNamespace

import pytest
from flask import url_for
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from leadcapture.blueprints.admin.access import NAVIGATION, may_see
from leadcapture.models import ROLES
from tests.admin.signin import PASSWORD, fill_sign_in_form, staff_email

pytestmark = [pytest.mark.browser, pytest.mark.heavy]


@pytest.fixture
def app(make_app):
    """The admin as staff get it: CSRF on, one user per role."""
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        for role in ROLES:
            ensure_user(staff_email(role), PASSWORD, role)
    return app


def sections(app, role: str) -> tuple[list, list]:
    """(label, path) of the existing sections ``role`` may open, and of those it may not."""
    with app.test_request_context():
        pages = [
            (label, url_for(endpoint), may_see(SimpleNamespace(role=role), section))
            for endpoint, label, section in NAVIGATION
            if endpoint in app.view_functions
        ]
    return [(label, path) for label, path, ok in pages if ok], [
        (label, path) for label, path, ok in pages if not ok
    ]


@pytest.mark.parametrize("role", ROLES)
def test_role_sees_its_sections_and_is_refused_the_others(role, app, live_server, page, page_problems):
    allowed, refused = sections(app, role)
    assert allowed, "every role has at least the dashboard"

    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/login?next=%2Fadmin%2F")
    fill_sign_in_form(page, staff_email(role))
    expect(page).to_have_url(f"{live_server.url}/admin/")

    nav = page.locator("header nav")
    expect(nav.locator("a:not(.bell)")).to_have_text([label for label, _path in allowed])
    expect(nav.get_by_test_id("notification-bell")).to_have_attribute("title", "Notifications: 0 unread")
    expect(nav).to_contain_text(f"{staff_email(role)} ({role})")
    for label, path in allowed:
        nav.get_by_role("link", name=label, exact=True).click()
        expect(page).to_have_url(f"{live_server.url}{path}")
        expect(nav.locator('a[aria-current="page"]')).to_have_text(label)
        assert page.goto(f"{live_server.url}{path}").status == 200
    for _label, path in refused:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403
        expect(page.get_by_role("heading", level=1)).to_have_text("403 Forbidden")

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/admin/login")
    page.goto(f"{live_server.url}/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/login?next=%2Fadmin%2F")
    assert page_problems == []
