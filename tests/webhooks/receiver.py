"""A real webhook receiver for the tests: a small threaded HTTP server on loopback that verifies
every request's signature with ``standardwebhooks`` (as a receiver in production would), keeps what
it got, and answers with the statuses a test queues (200 otherwise)."""

import json
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]  # names in lower case
    body: bytes
    verified: bool  # the signature matched the receiver's secret (and the timestamp is fresh)

    @property
    def event(self) -> dict:
        return json.loads(self.body)


class Receiver:
    def __init__(self):
        self.secret: str | None = None  # the endpoint's, once the test registered it
        self.answers: list[int] = []  # statuses to answer with, used up in order
        self.during_request = lambda: None  # what happens elsewhere while a request is handled
        self.received: list[Received] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks?source=leadcapture"

    def events(self) -> list[dict]:
        """The events received, each verified."""
        assert all(request.verified for request in self.received), "a request failed verification"
        return [request.event for request in self.received]

    def of_type(self, event_type: str) -> list[dict]:
        return [event for event in self.events() if event["type"] == event_type]

    def verifies(self, request: Received) -> bool:
        try:
            Webhook(self.secret).verify(request.body, request.headers)
        except WebhookVerificationError:
            return False
        return True

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                request = Received(headers, body, False)
                receiver.received.append(Received(request.headers, body, receiver.verifies(request)))
                receiver.during_request()
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):  # quiet: pytest shows failures
                pass

        return Handler

    def start(self) -> "Receiver":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def silent_server():
    """A loopback port that takes connections and never answers (a receiver that hangs)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/hooks"
