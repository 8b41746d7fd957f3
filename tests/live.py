"""The app served over real HTTP from a thread, and calls made from many threads at once."""

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import urllib3
from werkzeug.serving import make_server

T = TypeVar("T")
# A browser's user agent: the app refuses leads from automated clients.
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
# How long a server being stopped waits for each request it is still answering.
REQUEST_SECONDS = 10
HTTP = urllib3.PoolManager(maxsize=32, retries=False, timeout=60, headers={"User-Agent": BROWSER})


@contextmanager
def serve(wsgi_app) -> Iterator[str]:
    """``wsgi_app`` served on 127.0.0.1 and a free port, one thread per request; yields its URL."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    # A short poll interval: shutdown() waits for one.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        # Werkzeug answers in daemon threads that server_close() does not wait for: one still
        # answering (a beacon sent as the page closed) would hand its connection back after the
        # test's app closed its pool, leaving it open.
        for request_thread in serving_requests():
            request_thread.join(timeout=REQUEST_SECONDS)


def serving_requests() -> list[threading.Thread]:
    """The threads of ``serve``'s servers still answering a request (a stream that has not ended)."""
    return [thread for thread in threading.enumerate() if "process_request_thread" in thread.name]


def post_json(url: str, body: dict) -> tuple[int, dict]:
    """POST ``body`` as JSON: the status and the JSON answer."""
    response = HTTP.request("POST", url, json=body)
    return response.status, response.json()


def at_once(count: int, call: Callable[[int], T]) -> list[T]:
    """``call(0)`` to ``call(count - 1)``, each from its own thread, all released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(index: int) -> T:
        barrier.wait(timeout=30)
        return call(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))
