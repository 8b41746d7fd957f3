"""The issue's acceptance run for hot leads, on both databases: the app served over HTTP with a
real `flask worker` on Redis; a visitor becomes a hot lead through the public API, and within
seconds the salesperson's email reaches the local SMTP server (aiosmtpd, sent by the worker) and
the notification arrives on their open live feed (server-sent events)."""

import queue
import threading

import pytest
import urllib3
from redis import Redis

from leadcapture.accounts import ensure_user
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import PASSWORD
from tests.alerts.helpers import enable
from tests.api.test_tools import BIG_CALC
from tests.live import BROWSER, post_json, serve, serving_requests
from tests.sync.helpers import start_worker, stop, wait_until

pytestmark = pytest.mark.heavy

SALES = "sam@example.com"


def sign_in(base: str) -> str:
    """The session cookie of the salesperson, signed in through the form."""
    http = urllib3.PoolManager(retries=False, headers={"User-Agent": BROWSER})
    answer = http.request(
        "POST", f"{base}/admin/login", fields={"email": SALES, "password": PASSWORD}, encode_multipart=False
    )
    assert answer.status == 302
    return "; ".join(cookie.split(";")[0] for cookie in answer.headers.getlist("Set-Cookie"))


def listen(base: str, cookie: str, events: queue.Queue) -> urllib3.BaseHTTPResponse:
    """Open the live feed; each event block received goes into ``events`` from a reader thread."""
    http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=5, read=30))
    stream = http.request(
        "GET", f"{base}/admin/notifications/stream", headers={"Cookie": cookie}, preload_content=False
    )
    assert stream.status == 200 and stream.headers["Content-Type"].startswith("text/event-stream")

    def read():
        text = ""
        try:
            for chunk in stream.stream(1024):
                text += chunk.decode()
                while "\n\n" in text:
                    block, text = text.split("\n\n", 1)
                    events.put(block)
        except (urllib3.exceptions.HTTPError, OSError):
            pass  # closed by the test

    threading.Thread(target=read, daemon=True).start()
    return stream


def next_notification(events: queue.Queue) -> str:
    while True:
        block = events.get(timeout=20)
        if "event: notification" in block:
            return block


@pytest.mark.slow
def test_a_hot_lead_reaches_the_smtp_server_and_the_live_feed(
    make_app, database_url, redis_server, smtp_server
):
    Redis.from_url(redis_server.url).flushdb()
    env = {"DATABASE_URL": database_url, "REDIS_URL": redis_server.url, "MAIL_SERVER": "127.0.0.1"}
    env["MAIL_PORT"] = str(smtp_server.controller.port)
    app = make_app(
        REDIS_URL=redis_server.url,
        **smtp_server.settings,
        NOTIFICATION_STREAM_POLL_SECONDS=0.1,
        NOTIFICATION_STREAM_SECONDS=60,
    )
    with app.app_context():
        seed_catalog()
        ensure_user(SALES, PASSWORD, "sales")
        enable("hot_lead", score=70)
    workers = []
    start_worker(env, workers)
    events: queue.Queue = queue.Queue()
    try:
        with serve(app) as base:
            stream = listen(base, sign_in(base), events)
            status, tool = post_json(f"{base}/api/v1/tools/cost_calculator", BIG_CALC)
            assert status == 200
            status, _ = post_json(
                f"{base}/api/v1/leads", {"visitor_id": tool["visitor_id"], "email": "ana@example.com"}
            )
            assert status == 201

            notification = next_notification(events)
            assert "is hot: score 100" in notification and "High budget" in notification
            [mail] = wait_until(lambda: list(smtp_server.messages), timeout=30, what="the hot lead's email")
            stream.shutdown()  # the server stops at its next poll
            wait_until(lambda: not serving_requests(), what="the stream to end")
    finally:
        for worker in workers:
            stop(worker)
    assert mail["To"] == SALES and "is hot: score 100" in mail["Subject"]
    assert "- High budget: 20 points" in mail.get_body(("plain",)).get_content()
    assert "<td>High budget</td><td>20</td>" in mail.get_body(("html",)).get_content()
