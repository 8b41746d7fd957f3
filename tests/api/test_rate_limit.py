"""The public API answers 429 in the error shape past its limit, shared through Redis."""

import pytest

EVENTS = {"events": [{"type": "page_view"}]}


def post_until_limited(client, times):
    return [client.post("/api/v1/events", json=EVENTS).status_code for _ in range(times)]


def test_limit_breach_answers_429_in_the_error_shape(make_app):
    client = make_app(API_RATE_LIMIT="3 per minute").test_client()
    assert post_until_limited(client, 3) == [202, 202, 202]
    response = client.post("/api/v1/events", json=EVENTS)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


@pytest.fixture
def redis_url(redis_server):
    from redis import Redis

    Redis.from_url(redis_server.url).flushdb()
    return redis_server.url


def test_web_processes_share_the_limit_through_redis(make_app, redis_url):
    settings = {"API_RATE_LIMIT": "4 per minute", "RATELIMIT_STORAGE_URI": redis_url}
    first, second = make_app(**settings).test_client(), make_app(**settings).test_client()
    assert post_until_limited(first, 2) + post_until_limited(second, 2) == [202] * 4
    assert first.post("/api/v1/events", json=EVENTS).status_code == 429
    assert second.post("/api/v1/events", json=EVENTS).status_code == 429


def test_unreachable_redis_never_fails_a_request(make_app):
    from tests.servers import free_port

    settings = {
        "API_RATE_LIMIT": "100 per minute",
        "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{free_port()}/0",
    }
    client = make_app(**settings).test_client()
    assert post_until_limited(client, 3) == [202, 202, 202]
