"""A finished test's apps close their Redis clients (tests/conftest.py): no socket is left for the
garbage collector to finalize in some later test."""

from redis import Redis

from leadcapture.jobs.dispatch import redis_connection
from tests.conftest import close_redis_clients
from tests.sync.helpers import wait_until


def test_a_finished_apps_redis_clients_leave_the_server(make_app, redis_server):
    observer = Redis.from_url(redis_server.url)
    app = make_app(REDIS_URL=redis_server.url)
    with app.app_context():
        client_id = redis_connection().client_id()
    assert client_id in connected_ids(observer)
    close_redis_clients(app)
    # The server notices a closed socket on its next turn, maybe after the observer's next command.
    wait_until(lambda: client_id not in connected_ids(observer), 5, "the server to drop the app's client")
    observer.close()


def connected_ids(observer: Redis) -> set[int]:
    return {int(client["id"]) for client in observer.client_list()}
