"""/metrics: Prometheus' text format with the request, error, queue, outbox, job and cache figures,
readable only with the token or from a private address."""

import threading

import pytest
from sqlalchemy import update

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue
from leadcapture.jobs.table import Job
from leadcapture.models import SyncOutbox
from leadcapture.models.catalog_store import seed_catalog
from tests.conftest import expect_job_failures
from tests.ops.scrape import scrape, value
from tests.sync.helpers import submit_lead

HOLD = Job("test-hold", "tests.ops.sample_jobs.hold", "default", 60)
FAIL = Job("test-fail", "tests.jobs.sample_jobs.fail", "default", 60)
CALCULATOR = {"visitor_id": "metrics-visitor-0001", "procedures": ["botox"], "budget_range": "under_1k"}
SECONDS = "leadcapture_http_request_duration_seconds"
REQUESTS = "leadcapture_http_requests_total"


def test_requests_and_errors_are_counted_per_endpoint(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    client = app.test_client()
    before = scrape(client)
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.post("/api/v1/feedback", json={"rating": 9, "context": "in_app"}).status_code == 422
    assert client.get("/no/such/page/42").status_code == 404
    assert client.get("/broken").status_code == 500
    after = scrape(client)

    def added(name: str, **labels) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert added(REQUESTS, endpoint="public.home", method="GET", status="200") == 3
    assert added(f"{SECONDS}_count", endpoint="public.home", method="GET") == 3
    assert added(f"{SECONDS}_bucket", endpoint="public.home", method="GET", le="+Inf") == 3
    assert 0 < added(f"{SECONDS}_sum", endpoint="public.home", method="GET") < 30
    assert added(REQUESTS, endpoint="api.post_feedback", method="POST", status="422") == 1
    # An unknown path is one label, whatever the path: the labels stay a bounded set.
    assert added(REQUESTS, endpoint="unmatched", method="GET", status="404") == 1
    assert added(REQUESTS, endpoint="broken", method="GET", status="500") == 1
    assert not [key for key in after if "/no/such/page" in str(key)]


def test_outbox_and_queue_gauges_and_job_durations(make_app):
    app = make_app()
    client = app.test_client()
    with app.app_context():
        for number in range(3):
            submit_lead(f"gauge{number}@example.com")
        db.session.execute(update(SyncOutbox).where(SyncOutbox.id == 1).values(status="dead"))
        db.session.commit()
        started, release, last = threading.Event(), threading.Event(), threading.Event()
        enqueue(HOLD, started, release)
        assert started.wait(30)
        enqueue(FAIL, "a job that fails")  # waits behind the first
        enqueue(HOLD, last, release)
        held = scrape(client)
        release.set()
        assert last.wait(30)  # one job at a time: the others are done
    app.extensions["inline_jobs"].shutdown()
    [failure] = expect_job_failures(app)
    assert "RuntimeError: a job that fails" in failure
    done = scrape(client)

    assert value(held, "leadcapture_hubspot_outbox_rows", status="pending") == 2
    assert value(held, "leadcapture_hubspot_outbox_rows", status="dead") == 1
    assert 0 <= value(held, "leadcapture_hubspot_outbox_oldest_pending_age_seconds") < 600
    assert value(held, "leadcapture_queue_depth", queue="inline") == 2
    assert value(done, "leadcapture_queue_depth", queue="inline") == 0
    assert value(done, "leadcapture_job_duration_seconds_count", job="test-hold") == 2
    assert value(done, "leadcapture_job_duration_seconds_bucket", job="test-hold", le="+Inf") == 2
    assert value(done, "leadcapture_job_failures_total", job="test-hold") == 0
    assert value(done, "leadcapture_job_failures_total", job="test-fail") == 1
    assert value(done, "leadcapture_metrics_source_up", source="database") == 1


def test_cache_lookups_count_hits_and_misses(make_app):
    app = make_app()
    with app.app_context():
        seed_catalog()
    client = app.test_client()
    before = scrape(client)
    for _ in range(3):
        assert client.post("/api/v1/tools/cost_calculator", json=CALCULATOR).status_code == 200
    after = scrape(client)

    def added(result: str) -> float:
        name = "leadcapture_cache_lookups_total"
        return value(after, name, cache="live_rules", result=result) - value(
            before, name, cache="live_rules", result=result
        )

    # A new app compiles the live rules once, then finds them compiled.
    assert added("miss") == 1 and added("hit") >= 2


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "192.168.0.7", "::1", "::ffff:172.16.0.9"])
def test_private_addresses_may_read_without_a_token(client, address):
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": address}).status_code == 200


@pytest.mark.parametrize("address", ["203.0.113.5", "8.8.8.8", "2606:4700::1111", "100.64.0.1", ""])
def test_public_addresses_are_refused_without_a_token(client, address):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 403
    assert "METRICS_TOKEN" in response.get_json()["error"]["message"]


def test_through_an_untrusted_proxy_the_client_is_unknown(make_app):
    proxied = {"environ_base": {"REMOTE_ADDR": "10.0.0.2"}, "headers": {"X-Forwarded-For": "203.0.113.9"}}
    assert make_app().test_client().get("/metrics", **proxied).status_code == 403
    behind_one = make_app(TRUSTED_PROXIES=1).test_client()
    assert behind_one.get("/metrics", **proxied).status_code == 403  # the client is public
    inside = {"environ_base": {"REMOTE_ADDR": "10.0.0.2"}, "headers": {"X-Forwarded-For": "10.0.5.5"}}
    assert behind_one.get("/metrics", **inside).status_code == 200


def test_with_a_token_only_its_bearer_may_read(make_app):
    client = make_app(METRICS_TOKEN="scrape-me-7f3a").test_client()
    public = {"REMOTE_ADDR": "203.0.113.5"}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic scrape-me-7f3a"}):
        for address in ("203.0.113.5", "127.0.0.1"):
            refused = client.get("/metrics", headers=headers, environ_base={"REMOTE_ADDR": address})
            assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"
    allowed = scrape(client, environ_base=public, headers={"Authorization": "Bearer scrape-me-7f3a"})
    assert value(allowed, "leadcapture_metrics_source_up", source="database") == 1
