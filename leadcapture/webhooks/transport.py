"""One attempt of a delivery over HTTP: the URL checked and resolved again (``addresses``), the body
signed, and POSTed with urllib3 to the checked address, with a short timeout, no redirect followed
(it could lead anywhere) and no proxy taken from the environment."""

import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.exceptions import HTTPError

from leadcapture.webhooks.addresses import AddressError, Target, resolve
from leadcapture.webhooks.signing import signed_headers

USER_AGENT = "LeadCapture-Webhooks/1.0"
MAX_ERROR_LENGTH = 500


@dataclass(frozen=True)
class Outgoing:
    """What an attempt sends: the same body and webhook-id every time, signed with these secrets."""

    url: str
    message_id: str
    body: bytes
    secrets: list[str]


@dataclass(frozen=True)
class Answer:
    status: int | None  # None: no answer (a timeout, a refused connection or address)
    error: str | None
    duration_ms: int

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def send(outgoing: Outgoing, signed_at: datetime) -> Answer:
    """POST ``outgoing`` signed at ``signed_at`` (naive UTC) and say how it went; never raises for
    what the network or the receiver does."""
    config = current_app.config
    started = time.monotonic()
    try:
        target = resolve(outgoing.url, config["WEBHOOK_ALLOW_PRIVATE"])
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "host": target.host_header,
            **signed_headers(outgoing.message_id, outgoing.body, outgoing.secrets, signed_at),
        }
        status = _post(target, outgoing.body, headers, config["WEBHOOK_TIMEOUT_SECONDS"])
    except AddressError as error:
        return _answer(started, None, f"Not sent: {error}")
    except (HTTPError, OSError) as error:
        return _answer(started, None, f"{type(error).__name__}: {error}")
    return _answer(started, status, None if 200 <= status < 300 else f"The receiver answered HTTP {status}.")


def _post(target: Target, body: bytes, headers: dict[str, str], timeout: float) -> int:
    options = {"timeout": Timeout(total=timeout), "retries": False, "maxsize": 1}
    if target.scheme == "https":
        # The checked address, with the URL's host for TLS: its certificate must name that host.
        pool = HTTPSConnectionPool(
            target.address, target.port, server_hostname=target.host, assert_hostname=target.host, **options
        )
    else:
        pool = HTTPConnectionPool(target.address, target.port, **options)
    with pool:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers=headers,
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,  # the answer's body is not read: only its status counts
        )
        response.release_conn()
        return response.status


def _answer(started: float, status: int | None, error: str | None) -> Answer:
    duration = round((time.monotonic() - started) * 1000)
    return Answer(status, error[:MAX_ERROR_LENGTH] if error else None, duration)
