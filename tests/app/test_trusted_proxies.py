"""Behind a reverse proxy (TRUSTED_PROXIES) the client's own address is tracked and rate-limited;
without one, a forged X-Forwarded-For changes nothing."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import VisitSession

FORWARDED = {"X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https"}


def stored_ip(app) -> str:
    with app.app_context():
        return db.session.scalars(select(VisitSession.ip_anonymized)).one()


def test_behind_one_proxy_the_forwarded_client_is_the_visitor(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    app.test_client().get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert stored_ip(app) == "203.0.113.0"


def test_without_trusted_proxies_the_header_is_ignored(make_app):
    app = make_app()
    app.test_client().get("/", headers=FORWARDED, environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert stored_ip(app) == "198.51.100.0"


def test_login_limit_counts_each_client_behind_the_proxy_apart(make_app):
    app = make_app(TRUSTED_PROXIES=1, LOGIN_RATE_LIMIT="2 per minute")
    client = app.test_client()
    for attempt in range(3):
        answer = client.post(
            "/admin/login",
            data={"email": f"nobody{attempt}@example.com", "password": "wrong-password"},
            headers={"X-Forwarded-For": "203.0.113.1"},
        )
    assert answer.status_code == 429
    other = client.post(
        "/admin/login",
        data={"email": "someone@example.com", "password": "wrong-password"},
        headers={"X-Forwarded-For": "203.0.113.2"},
    )
    assert other.status_code == 400
