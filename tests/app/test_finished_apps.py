"""A finished test's apps close their Redis clients (tests/conftest.py): no socket is left for the
garbage collector to finalize in some later test."""

from redis import Redis

from leadcapture.jobs.dispatch import redis_connection
from tests.conftest import close_redis_clients


def test_a_finished_apps_redis_clients_leave_the_server(make_app, redis_server):
    observer = Redis.from_url(redis_server.url)
    app = make_app(REDIS_URL=redis_server.url)
    with app.app_context():
        redis_connection().ping()
    connected = len(observer.client_list())
    close_redis_clients(app)
    assert len(observer.client_list()) == connected - 1
    observer.close()
