"""The fake HubSpot on 127.0.0.1 and a free port, served by werkzeug in a background thread."""

import threading
import time

from hubspot import HubSpot
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.fake_hubspot.app import FakeHubSpotApp, Seen
from tests.fake_hubspot.state import RateWindow


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        """No access log: the fake keeps its own (``FakeHubSpot.requests``)."""


class FakeHubSpot:
    """A running fake HubSpot, and the knobs tests turn. Every setter is thread-safe and takes effect
    on the next request; ``reset()`` restores a fresh portal (default properties, no contacts or notes, no
    faults, every scope granted, unknown properties refused for the whole batch,
    an empty rate-limit window, the original token)."""

    def __init__(self, token: str = "pat-fake-hubspot-token"):
        self.initial_token = token
        self.app = FakeHubSpotApp(token)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True, request_handler=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="fake-hubspot", daemon=True)

    def start(self) -> "FakeHubSpot":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def reset(self) -> None:
        self.app.reset()
        self.token = self.initial_token

    def client(self, **options) -> HubSpot:
        """The real hubspot-api-client pointed at the fake (keep its API objects: each access builds a pool);
        ``options`` go to HubSpot(), e.g. retry=urllib3.Retry(0) or another access_token."""
        return HubSpot(**{"access_token": self.token, "host": self.url, "base_url": self.url, **options})

    @property
    def token(self) -> str:
        """The one token the fake accepts; assign to switch it (e.g. to test a fixed token)."""
        return self.app.token

    @token.setter
    def token(self, value: str) -> None:
        with self.app.lock:
            self.app.token = value

    @property
    def contacts(self) -> dict[str, dict]:
        """The contacts now stored, by lower-cased email: {"id", "properties", "createdAt", "updatedAt"}."""
        with self.app.lock:
            return {
                contact.properties.get("email", contact.id): contact.as_object()
                for contact in self.app.store.contacts.values()
            }

    @property
    def requests(self) -> list[Seen]:
        """Every request received, in order: method, path, status (None: dropped), batch_size, body."""
        with self.app.lock:
            return list(self.app.seen)

    @property
    def violations(self) -> list[str]:
        """Where the fake's own answers broke HubSpot's spec (the fixture fails a test on any)."""
        with self.app.lock:
            return list(self.app.violations)

    @property
    def blocked_emails(self) -> set[str]:
        """The addresses a GDPR delete by email found no contact for (HubSpot blocks them)."""
        with self.app.lock:
            return set(self.app.store.blocked)

    @property
    def notes(self) -> list[dict]:
        """The notes now stored, oldest first: {"id", "properties", "createdAt", ..., "contacts": [ids]}."""
        with self.app.lock:
            return [note.as_object(contacts=list(note.contacts)) for note in self.app.store.notes.values()]

    def add_property(self, name: str, kind: str = "string", field_type: str = "text", **extra) -> None:
        """Define a custom contact property without a request (in group contactinformation by default)."""
        with self.app.lock:
            self.app.store.add_property(name, extra.pop("label", name), kind, field_type, **extra)

    def set_rate_limit(self, limit: int, interval: float = 10.0, clock=time.monotonic) -> None:
        """At most ``limit`` authenticated requests in any rolling ``interval`` seconds (default 100/10 s),
        measured on ``clock``."""
        with self.app.lock:
            self.app.window = RateWindow(limit, interval, clock)

    def set_failure_rate(self, rate: float, statuses=(500, 502, 503), seed: int = 0) -> None:
        """Answer this share of requests with one of ``statuses``, drawn from random.Random(seed)."""
        with self.app.lock:
            faults = self.app.faults
            faults.failure_rate, faults.failure_statuses = rate, tuple(statuses)
            faults.rng.seed(seed)

    def set_latency(self, seconds: float) -> None:
        """Sleep this long before answering each request."""
        with self.app.lock:
            self.app.faults.latency = seconds

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` (429 gives HubSpot's rate-limit answer)."""
        with self.app.lock:
            self.app.faults.fail_next += [status] * count

    def drop_next(self, count: int = 1) -> None:
        """Close the connection of the next ``count`` requests without answering."""
        with self.app.lock:
            self.app.faults.drop_next += count

    def deny_scopes(self, scopes) -> None:
        """Act as a private app without these scopes: endpoints needing one answer HubSpot's 403
        MISSING_SCOPES (naming the scope in ``errors[0].context.requiredGranularScopes``)."""
        with self.app.lock:
            self.app.denied_scopes = set(scopes)

    def reject_whole_batch_on_invalid_values(self, enabled: bool = True) -> None:
        """An upsert with a refused value (an invalid email or option) answers 400 for the whole batch,
        naming no input, instead of a 207 error for that input (HubSpot does either, by endpoint)."""
        with self.app.lock:
            self.app.whole_batch_values = enabled

    def report_missing_properties_per_input(self, enabled: bool = True) -> None:
        """An upsert naming unknown properties: a 207 with a PROPERTY_DOESNT_EXIST error per input that
        names one (nothing written for those) instead of HubSpot's usual 400 for the whole batch."""
        with self.app.lock:
            self.app.missing_per_input = enabled
