"""What every log line of a request or a job carries: the request id, and the job's name and id.

Context variables, so each thread (and each asyncio task) sees its own; a job gets the request id
of the request that queued it (``leadcapture.jobs.dispatch``), so one id follows the work.
"""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

FIELDS = ("request_id", "job", "job_id")
_values: ContextVar[dict[str, str]] = ContextVar("leadcapture_log_context", default={})  # noqa: B039 (never mutated)
# What a client or proxy may send as X-Request-ID: ids, UUIDs, base64; nothing that could forge a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,128}")


def request_id_from(header: str | None) -> str:
    """The id a request goes by: the caller's ``X-Request-ID`` when it is sane, else a new one."""
    if header and SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current(name: str) -> str | None:
    """The context's ``name`` (one of ``FIELDS``), or None."""
    return _values.get().get(name)


def values() -> dict[str, str]:
    """Every field set in this context."""
    return dict(_values.get())


def bind(**fields: str | None) -> Token:
    """Add ``fields`` (None ones left out) to the log context until ``unbind`` gets the token."""
    return _values.set({**_values.get(), **{name: value for name, value in fields.items() if value}})


def unbind(token: Token) -> None:
    _values.reset(token)


@contextmanager
def log_context(**fields: str | None) -> Iterator[None]:
    """``bind`` ``fields`` for the ``with`` block."""
    token = bind(**fields)
    try:
        yield
    finally:
        unbind(token)
