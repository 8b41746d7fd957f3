"""The session cookie set at sign-in is HttpOnly and SameSite=Lax, and Secure in production."""

import pytest

from leadcapture.accounts import ensure_user
from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.admin.signin import PASSWORD, csrf_token, sign_in


def session_cookie_flags(response) -> set[str]:
    """The attributes of the ``session`` cookie the response sets, lower-cased."""
    cookies = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("session=")]
    assert len(cookies) == 1, response.headers
    return {part.strip().lower() for part in cookies[0].split(";")[1:]}


def signed_in_response(app, **kwargs):
    with app.app_context():
        ensure_user("ann@example.com", PASSWORD, "sales")
    response = sign_in(app.test_client(), "ann@example.com", **kwargs)
    assert response.status_code == 302
    return response


def test_testing_cookie_is_httponly_and_samesite_but_not_secure(app):
    flags = session_cookie_flags(signed_in_response(app))
    assert {"httponly", "samesite=lax"} <= flags and "secure" not in flags


def test_secure_cookies_setting_marks_the_cookie_secure(make_app):
    flags = session_cookie_flags(signed_in_response(make_app(SECURE_COOKIES=True)))
    assert {"httponly", "samesite=lax", "secure"} <= flags


@pytest.fixture
def production_app(monkeypatch, app, database_url, redis_server):
    """The app as production builds it (from the environment), on the test database.

    Redis is set so that no in-process timers start; ``app`` empties the tables afterwards.
    """
    monkeypatch.setenv("LEADCAPTURE_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "production-secret-for-test")
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("REDIS_URL", redis_server.url)
    production = create_app()
    yield production
    with production.app_context():
        db.session.remove()
        db.engine.dispose()


def test_production_cookie_is_secure_httponly_and_samesite(production_app):
    assert production_app.config["REMEMBER_COOKIE_SECURE"]
    assert production_app.config["REMEMBER_COOKIE_HTTPONLY"]
    assert production_app.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    client = production_app.test_client()
    https = {"base_url": "https://leads.example", "headers": {"Referer": "https://leads.example/admin/login"}}
    token = csrf_token(client, **https)
    with production_app.app_context():
        ensure_user("ann@example.com", PASSWORD, "sales")
    response = client.post(
        "/admin/login", data={"email": "ann@example.com", "password": PASSWORD, "csrf_token": token}, **https
    )
    assert response.status_code == 302
    assert {"httponly", "samesite=lax", "secure"} <= session_cookie_flags(response)
