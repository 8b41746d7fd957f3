"""Readiness: can this process serve? The database answers a trivial query, Redis answers a PING
(when ``REDIS_URL`` is set), and the job queues can be read (or the inline runner takes jobs).

Each probe has its own connection with ``READYZ_TIMEOUT_SECONDS`` timeouts, apart from the app's
pool: a busy pool or a hung server never holds up a load balancer's probe, and a stopped server
is reported at once.
"""

import logging
import math
import time
from dataclasses import dataclass, field

from flask import current_app
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry
from rq import Queue
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from leadcapture.extensions import db
from leadcapture.jobs import QUEUE_NAMES

log = logging.getLogger(__name__)


@dataclass
class Check:
    name: str
    ok: bool
    milliseconds: float
    error: str | None = None  # the exception's class (the log has its message)
    details: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        answer = {"ok": self.ok, "ms": round(self.milliseconds, 1), **self.details}
        return answer | ({"error": self.error} if self.error else {})


def readiness_report() -> tuple[dict, bool]:
    """``/readyz``'s answer: ``{"status": "ready"|"unavailable", "failed": [names], "checks":
    {name: {"ok", "ms", ...}}}``, and whether everything is ready."""
    checks = readiness()
    failed = [check.name for check in checks if not check.ok]
    report = {
        "status": "unavailable" if failed else "ready",
        "failed": failed,
        "checks": {check.name: check.as_json() for check in checks},
    }
    return report, not failed


def readiness() -> list[Check]:
    """The database, Redis and queue checks (the queues fail unread when Redis does not answer)."""
    checks = [_timed("database", _database)]
    if current_app.config["REDIS_URL"]:
        checks.append(_timed("redis", _ping))
        if checks[-1].ok:
            checks.append(_timed("queues", _rq_queues))
        else:
            checks.append(Check("queues", False, 0.0, "RedisUnreachable"))
    else:
        checks.append(_timed("queues", _inline_queue))
    return checks


def _database() -> dict:
    with _database_engine().connect() as connection:
        connection.execute(text("SELECT 1")).scalar_one()
    return {}


def _ping() -> dict:
    _redis().ping()
    return {}


def _rq_queues() -> dict:
    return {"depths": {name: Queue(name, connection=_redis()).count for name in QUEUE_NAMES}}


def _inline_queue() -> dict:
    inline = current_app.extensions["inline_jobs"]
    if inline.closed:
        raise RuntimeError("the inline job runner is shut down")
    return {"inline": True, "depths": {"inline": inline.waiting}}


def _timed(name: str, probe) -> Check:
    started = time.perf_counter()
    try:
        details = probe()
    except (SQLAlchemyError, RedisError, RuntimeError) as error:
        log.warning("readiness: %s failed: %s", name, error)
        return Check(name, False, _since(started), type(error).__name__)
    return Check(name, True, _since(started), details=details)


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _database_engine() -> Engine:
    """An engine of its own for the probe: a new connection each time (NullPool), short timeouts."""
    engine = current_app.extensions.get("readiness_engine")
    if engine is None:
        timeout = current_app.config["READYZ_TIMEOUT_SECONDS"]
        url = db.engine.url
        options = {}
        if url.get_backend_name() == "postgresql":
            # libpq counts whole seconds (2 at least); the query gets the same limit.
            options = {
                "connect_timeout": max(2, math.ceil(timeout)),
                "options": f"-c statement_timeout={int(timeout * 1000)}",
            }
        engine = create_engine(url, poolclass=NullPool, connect_args=options)
        current_app.extensions["readiness_engine"] = engine
    return engine


def _redis() -> Redis:
    probe = current_app.extensions.get("readiness_redis")
    if probe is None:
        timeout = current_app.config["READYZ_TIMEOUT_SECONDS"]
        probe = Redis.from_url(
            current_app.config["REDIS_URL"],
            socket_connect_timeout=timeout,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),  # one try: the load balancer probes again soon
        )
        current_app.extensions["readiness_redis"] = probe
    return probe
