"""/healthz and /readyz for load balancers: JSON, never cached, no cookie or session, no rate limit,
no visitor tracked, whatever the consent setting."""

import pytest
from sqlalchemy import func, select

from leadcapture.extensions import db, limiter
from leadcapture.models import Visitor, VisitSession

PATHS = ("/healthz", "/readyz", "/metrics")


def test_healthz_says_the_process_is_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_readyz_checks_the_database_and_the_inline_runner(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200 and body["status"] == "ready" and body["failed"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["database"]["ms"] >= 0
    assert body["checks"]["queues"] == {
        "ok": True,
        "ms": body["checks"]["queues"]["ms"],
        "inline": True,
        "depths": {"inline": 0},
    }
    assert "redis" not in body["checks"]  # no REDIS_URL: nothing to check


def test_readyz_fails_once_the_inline_runner_is_shut_down(app, client):
    app.extensions["inline_jobs"].shutdown()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.get_json()["failed"] == ["queues"]


@pytest.fixture
def forget_default_limits():
    """Flask-Limiter keeps an app's default limits on the shared limiter: drop them afterwards."""
    yield
    limiter.limit_manager.set_default_limits([])


@pytest.mark.parametrize("consent", ["implied", "required"])
def test_probes_leave_no_cookie_and_track_no_one(make_app, consent, forget_default_limits):
    # A default limit of one request a minute for every route: the probes are exempt.
    app = make_app(TRACKING_CONSENT=consent, RATELIMIT_DEFAULT="1 per minute", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    for path in PATHS * 3:
        response = client.get(path, headers={"User-Agent": "ELB-HealthChecker/2.0"})
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers and response.headers["Cache-Control"] == "no-store"
    assert client.get_cookie("session") is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Visitor)) == 0
        assert db.session.scalar(select(func.count()).select_from(VisitSession)) == 0
