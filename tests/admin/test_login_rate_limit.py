"""Failed sign-ins are limited per client IP and per submitted email; successful ones never count."""

from types import SimpleNamespace

import pytest

from leadcapture.accounts import ensure_user
from tests.admin.signin import PASSWORD, sign_in
from tests.clock import ManualClock


@pytest.fixture
def limited_app(make_app):
    app = make_app(LOGIN_RATE_LIMIT="3 per 15 minutes")
    with app.app_context():
        for email in ("ann@example.com", "bob@example.com"):
            ensure_user(email, PASSWORD, "sales")
    return app


def from_ip(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_over_the_limit_even_the_right_password_is_refused_with_429(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert sign_in(client, "ann@example.com", "wrong-password").status_code == 400
    response = sign_in(client, "ann@example.com")
    assert response.status_code == 429
    assert "Too many failed sign-ins, try again in 15 minutes." in response.get_data(as_text=True)
    assert 14 * 60 < int(response.headers["Retry-After"]) <= 15 * 60
    assert not signed_in(client)
    # The form itself still opens.
    assert client.get("/admin/login").status_code == 200


def test_successful_sign_ins_never_count(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert sign_in(client, "ann@example.com", "wrong-password").status_code == 400
    for _ in range(4):
        assert sign_in(client, "ann@example.com").status_code == 302
        client.post("/admin/logout")
    assert sign_in(client, "ann@example.com", "wrong-password").status_code == 400
    assert sign_in(client, "ann@example.com").status_code == 429


def test_one_email_from_many_addresses_is_limited(limited_app):
    client = limited_app.test_client()
    for number in range(3):
        sign_in(client, "ann@example.com", "wrong-password", **from_ip(f"198.51.100.{number}"))
    assert sign_in(client, " ANN@example.com", **from_ip("203.0.113.9")).status_code == 429
    assert sign_in(client, "bob@example.com", **from_ip("203.0.113.9")).status_code == 302


def test_many_emails_from_one_address_are_limited(limited_app):
    client = limited_app.test_client()
    for email in ("ann@example.com", "bob@example.com", "nobody@example.com"):
        sign_in(client, email, "wrong-password", **from_ip("198.51.100.7"))
    assert sign_in(client, "bob@example.com", **from_ip("198.51.100.7")).status_code == 429
    assert sign_in(client, "bob@example.com", **from_ip("203.0.113.9")).status_code == 302


def test_the_block_ends_with_the_window(make_app, monkeypatch):
    clock = ManualClock()
    # Flask-Limiter's memory storage and the 429 page read the time through their own time modules.
    for module in ("limits.storage.memory", "leadcapture.blueprints.admin.auth"):
        monkeypatch.setattr(f"{module}.time", SimpleNamespace(time=clock))
    app = make_app(LOGIN_RATE_LIMIT="2 per 1 second")
    with app.app_context():
        ensure_user("ann@example.com", PASSWORD, "sales")
    client = app.test_client()
    for _ in range(2):
        sign_in(client, "ann@example.com", "wrong-password")
    response = sign_in(client, "ann@example.com")
    assert response.status_code == 429 and "try again in 1 minute." in response.get_data(as_text=True)
    clock.advance(1)
    assert sign_in(client, "ann@example.com").status_code == 302
