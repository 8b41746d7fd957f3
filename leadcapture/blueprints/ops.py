"""Endpoints for machines: ``/healthz`` and ``/readyz`` for load balancers, ``/metrics`` for
Prometheus. No session or cookie, CSRF, rate limit, consent banner or visitor tracking."""

from flask import Blueprint, Response, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_PLAIN_0_0_4

from leadcapture.blueprints.errors import error_response
from leadcapture.ops.access import PROXY_HEADERS, metrics_refusal
from leadcapture.ops.exposition import metrics_text
from leadcapture.ops.health import readiness_report

bp = Blueprint("ops", __name__)


@bp.after_request
def never_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz():
    """The process is up (nothing else is checked: a load balancer restarts what fails this)."""
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    """Whether this process can serve: 200, or 503 naming the part that failed."""
    report, ready = readiness_report()
    return jsonify(report), 200 if ready else 503


@bp.get("/metrics")
def metrics():
    config = current_app.config
    untrusted_proxy = not config["TRUSTED_PROXIES"] and any(name in request.headers for name in PROXY_HEADERS)
    authorization = request.headers.get("Authorization")
    refusal = metrics_refusal(config["METRICS_TOKEN"], authorization, request.remote_addr, untrusted_proxy)
    if refusal:
        response, status = error_response(*refusal)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response, status
    return Response(metrics_text(), content_type=CONTENT_TYPE_PLAIN_0_0_4)
