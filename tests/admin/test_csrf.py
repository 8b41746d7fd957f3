"""With CSRF protection on (as in production), every POST under /admin needs the form's token."""

import pytest

from leadcapture.accounts import ensure_user
from tests.admin.routes import admin_rules, methods, sample_path
from tests.admin.signin import PASSWORD, csrf_token, staff_email


@pytest.fixture
def csrf_app(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        ensure_user(staff_email("admin"), PASSWORD, "admin")
    return app


def credentials(**extra) -> dict:
    return {"email": staff_email("admin"), "password": PASSWORD, **extra}


def test_sign_in_needs_the_token(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token(client)
    for refused in (credentials(), credentials(csrf_token="forged")):
        response = client.post("/admin/login", data=refused)
        assert response.status_code == 400 and "CSRF token" in response.get_data(as_text=True)
        assert client.get("/admin/").status_code == 302
    assert client.post("/admin/login", data=credentials(csrf_token=token)).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_every_admin_post_without_the_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token(client)
    assert client.post("/admin/login", data=credentials(csrf_token=token)).status_code == 302
    posts = [
        sample_path(csrf_app, rule)
        for rule in admin_rules(csrf_app, include_public=True)
        if "POST" in methods(rule)
    ]
    assert {"/admin/login", "/admin/logout", "/admin/users", "/admin/experiments/new"} <= set(posts)
    assert {"/admin/experiments/1/start", "/admin/experiments/1/stop", "/admin/experiments/1/ship"} <= set(
        posts
    )
    accepted = []
    for path in posts:
        response = client.post(path, data={})
        if response.status_code != 400 or "The CSRF token is missing." not in response.get_data(as_text=True):
            accepted.append(f"{path}: {response.status_code}")
    assert accepted == []
    # The same session with its token gets through.
    assert client.post("/admin/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/admin/").status_code == 302
