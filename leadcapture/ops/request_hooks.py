"""Each request gets an id (the caller's sane ``X-Request-ID`` or a new one) in the log context and
the response's ``X-Request-ID`` header, its time and status counted in the metrics by endpoint, and
one access line in the log (not the probes' and scrapes': they come every few seconds)."""

import logging
import time

from flask import Flask, Response, g, request, request_started

from leadcapture.ops import context
from leadcapture.ops.metrics import REQUEST_SECONDS, REQUESTS

# A name of its own, for a log collector to route or drop access lines by.
log = logging.getLogger("leadcapture.access")
HEADER = "X-Request-ID"
QUIET_ENDPOINTS = frozenset({"ops.healthz", "ops.readyz", "ops.metrics"})
# Any other method a client sends counts as "other": label values stay a bounded set.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def init_app(app: Flask) -> None:
    """Follow every request of ``app`` (register first: ``after_request`` hooks run last-first)."""
    request_started.connect(start_request, app)
    app.after_request(finish_request)
    app.teardown_request(forget_request)


def start_request(_app: Flask, **_extra) -> None:
    g.request_timer = time.perf_counter()
    g.log_context = context.bind(request_id=context.request_id_from(request.headers.get(HEADER)))


def finish_request(response: Response) -> Response:
    seconds = time.perf_counter() - g.get("request_timer", time.perf_counter())
    endpoint = request.endpoint or "unmatched"
    method = request.method if request.method in METHODS else "other"
    REQUEST_SECONDS.labels(endpoint, method).observe(seconds)
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    response.headers[HEADER] = context.current("request_id") or ""
    if endpoint not in QUIET_ENDPOINTS:
        # The route, not the path: a path may hold a credential (a privacy link's token).
        route = request.url_rule.rule if request.url_rule else "(no route)"
        log.info(
            "%s %s %s %.1f ms",
            request.method,
            route,
            response.status_code,
            seconds * 1000,
            extra={
                "endpoint": endpoint,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
            },
        )
    return response


def forget_request(_error: BaseException | None) -> None:
    token = g.pop("log_context", None)
    if token is not None:
        context.unbind(token)
