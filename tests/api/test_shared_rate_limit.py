"""Two gunicorn servers share the public API's limit through Redis; on ``memory://`` each has its own."""

from contextlib import ExitStack
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from redis import Redis

from bench.serving import Gunicorn

LIMIT = 5
RATE = f"{LIMIT} per minute"  # the fixed window starts at the first request: far longer than the test


@pytest.fixture
def two_web_processes(tmp_path):
    """Called with a Redis URL: two one-worker gunicorn servers of the app (``""``: no Redis, so the
    limiter's storage is ``memory://``); returns their base URLs. Both are stopped at teardown."""
    with ExitStack() as servers:

        def serve(name: str, redis_url: str) -> str:
            database = f"sqlite:///{tmp_path}/unused.db"  # GET /api/v1/tools reads no table
            log = tmp_path / f"{name}.log"
            server = Gunicorn(database, workers=1, log=log, API_RATE_LIMIT=RATE, REDIS_URL=redis_url)
            return f"http://127.0.0.1:{servers.enter_context(server).port}"

        yield lambda redis_url: [serve(name, redis_url) for name in ("first", "second")]


def status(url: str) -> int:
    try:
        with urlopen(url, timeout=30) as response:
            return response.status
    except HTTPError as error:
        return error.code


def accepted_until_both_refuse(servers: list[str]) -> dict[str, int]:
    """GET /api/v1/tools from each server in turn until both answer 429; the 200s per server."""
    accepted = dict.fromkeys(servers, 0)
    for _ in range(4 * LIMIT):
        answers = {server: status(f"{server}/api/v1/tools") for server in servers}
        assert set(answers.values()) <= {200, 429}
        if set(answers.values()) == {429}:
            return accepted
        for server, answer in answers.items():
            accepted[server] += answer == 200
    raise AssertionError(f"never refused: {accepted}")


def test_two_web_processes_share_the_api_limit_through_redis(two_web_processes, redis_server):
    Redis.from_url(redis_server.url).flushdb()
    accepted = accepted_until_both_refuse(two_web_processes(redis_server.url))
    assert sum(accepted.values()) == LIMIT
    assert all(accepted.values())  # both processes counted in the one limit


def test_control_on_memory_storage_each_process_allows_its_own_limit(two_web_processes):
    accepted = accepted_until_both_refuse(two_web_processes(""))
    assert list(accepted.values()) == [LIMIT, LIMIT]
