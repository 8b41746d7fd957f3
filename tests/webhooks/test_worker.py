"""End to end with a worker: a lead submitted to the app on a real Redis reaches the receiver from
`flask worker`, signed so that it verifies."""

from redis import Redis

from tests.jobs.test_worker import run_flask
from tests.webhooks.helpers import deliveries, register


def test_a_new_lead_reaches_the_receiver_from_the_worker(make_app, database_url, redis_server, receiver):
    Redis.from_url(redis_server.url).flushdb()
    app = make_app(REDIS_URL=redis_server.url, WEBHOOK_ALLOW_PRIVATE=True)
    register(app, receiver)
    assert app.test_client().post("/api/v1/leads", json={"email": "ana@example.com"}).status_code == 201
    assert receiver.received == []  # queued on Redis, not sent by the web process

    env = {"REDIS_URL": redis_server.url, "DATABASE_URL": database_url, "WEBHOOK_ALLOW_PRIVATE": "true"}
    done = run_flask("worker", "--burst", env=env)

    assert done.returncode == 0, done.stderr
    assert [event["type"] for event in receiver.events()] == ["lead.created"]
    assert [delivery.status for delivery in deliveries(app)] == ["delivered"]
    Redis.from_url(redis_server.url).flushdb()
