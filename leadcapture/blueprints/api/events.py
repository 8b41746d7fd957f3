"""``POST /api/v1/events``: batches of behaviour events from the JavaScript tracker."""

import hmac

from flask import current_app, jsonify, request

from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import (
    analytics_consent_from,
    json_object,
    optional_string,
    optional_utm,
    visitor_id_from,
)
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.tracking import record_events
from leadcapture.tracking.impact_table import tracker_config

# Browsers keep the tracker's settings this long: a changed impact table reaches pages within it.
CONFIG_MAX_AGE = 60


@bp.post("/events")
def post_events():
    config = current_app.config
    request.max_content_length = config["EVENTS_MAX_BYTES"]
    require_site_key_when_cross_site()
    body = json_object()
    events = body.get("events")
    if not isinstance(events, list):
        raise ApiError(422, "events must be a list.", {"events": "Must be a list of events."})
    if len(events) > config["EVENTS_MAX_BATCH"]:
        raise ApiError(413, f"At most {config['EVENTS_MAX_BATCH']} events per request.")
    first_url = next((e.get("page_url") for e in events if isinstance(e, dict)), None)
    ctx = visit_context(
        visitor_id=visitor_id_from(body),
        page_url=optional_string(body, "page_url") or (first_url if isinstance(first_url, str) else None),
        referrer=optional_string(body, "referrer"),
        utm=optional_utm(body),
        analytics_consent=analytics_consent_from(body),
    )
    result = record_events(ctx, events)
    remember_visitor(result.visit)
    response = {"accepted": result.accepted, "rejected": result.rejected}
    if result.visit is not None:
        response["visitor_id"] = result.visit.visitor.id
    if not result.analytics_consent:
        response["analytics_consent"] = False
    return jsonify(response), 202


@bp.get("/events/config")
def events_config():
    response = jsonify(tracker_config())
    response.cache_control.public = True
    response.cache_control.max_age = CONFIG_MAX_AGE
    return response


def require_site_key_when_cross_site() -> None:
    """Another site's page must send one of our site API keys (header or ``api_key``)."""
    origin = request.headers.get("Origin")
    if not origin or origin.split("://", 1)[-1] == request.host:
        return
    given = request.headers.get("X-API-Key") or request.args.get("api_key") or ""
    if not any(hmac.compare_digest(given, key) for key in current_app.config["SITE_API_KEYS"]):
        raise ApiError(401, "Cross-site requests need a valid X-API-Key header.", code="api_key_required")
