"""/readyz with real servers: it fails while PostgreSQL or Redis is stopped, names what failed,
answers at once, and recovers when they return. Servers of this test's own, so stopping them
disturbs no other test."""

import socket
import time
from contextlib import closing

import pytest

from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.conftest import app_settings
from tests.servers import PostgresServer, RedisServer

# A stopped server refuses at once; the probe must not wait for anything like a pool's 30 s.
PROMPT_SECONDS = 2.0


@pytest.fixture
def servers(tmp_path):
    postgres = PostgresServer().start()
    redis = RedisServer(tmp_path / "redis").start()
    apps = []

    def build(**settings):
        apps.append(create_app(app_settings(postgres.url(), REDIS_URL=redis.url, **settings)))
        return apps[-1]

    try:
        yield postgres, redis, build
    finally:
        for app in apps:
            with app.app_context():
                db.engine.dispose()
        redis.stop()
        postgres.stop()


def probe(client) -> tuple[int, list[str], dict, float]:
    """/readyz's status, the parts it names as failed, its checks, and how long it took."""
    started = time.monotonic()
    response = client.get("/readyz")
    body = response.get_json()
    return response.status_code, body["failed"], body["checks"], time.monotonic() - started


def test_readyz_fails_while_postgresql_or_redis_is_stopped_and_recovers(servers):
    postgres, redis, build = servers
    client = build().test_client()
    status, failed, checks, _ = probe(client)
    assert (status, failed) == (200, [])
    assert {name: check["ok"] for name, check in checks.items()} == dict.fromkeys(
        ("database", "redis", "queues"), True
    )
    assert checks["queues"]["depths"] == {"hubspot": 0, "default": 0, "maintenance": 0}

    redis.stop()
    status, failed, checks, seconds = probe(client)
    assert (status, failed) == (503, ["redis", "queues"]) and checks["database"]["ok"]
    assert checks["redis"]["error"] == "ConnectionError" and seconds < PROMPT_SECONDS
    redis.start()
    assert probe(client)[:2] == (200, [])

    postgres.pause()
    status, failed, checks, seconds = probe(client)
    assert (status, failed) == (503, ["database"]) and checks["redis"]["ok"]
    assert checks["database"]["error"] == "OperationalError" and seconds < PROMPT_SECONDS
    redis.stop()
    assert probe(client)[:2] == (503, ["database", "redis", "queues"])
    postgres.resume()
    redis.start()
    assert probe(client)[:2] == (200, [])


def test_a_server_that_accepts_but_never_answers_fails_within_the_timeout():
    with closing(socket.socket()) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes connections; nothing ever reads or answers
        port = silent.getsockname()[1]
        settings = app_settings(
            f"postgresql+psycopg://postgres@127.0.0.1:{port}/none",
            REDIS_URL=f"redis://127.0.0.1:{port}/0",
            READYZ_TIMEOUT_SECONDS=0.5,
        )
        status, failed, checks, seconds = probe(create_app(settings).test_client())
    assert (status, failed) == (503, ["database", "redis", "queues"])
    assert checks["database"]["error"] == "OperationalError" and checks["redis"]["error"] == "TimeoutError"
    # libpq waits whole seconds, 2 at least; Redis gives up after 0.5 s.
    assert seconds < 2 + 0.5 + 1.5
