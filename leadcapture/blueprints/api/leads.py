"""``POST /api/v1/leads``: a visitor leaves contact details."""

from flask import current_app, jsonify

from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import analytics_consent_from, json_object, visitor_id_from
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.visitor_context import visit_context
from leadcapture.cta.contact_form import submit_contact
from leadcapture.errors import InputError


@bp.post("/leads")
def post_lead():
    body = json_object()
    ctx = visit_context(visitor_id=visitor_id_from(body), analytics_consent=analytics_consent_from(body))
    config = current_app.config
    try:
        captured = submit_contact(ctx, body, config["CONSENT_TEXT"], config["PHONE_REGION"])
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    lead = captured.lead
    body = {
        "lead_id": lead.id,
        "lead_score": lead.score,
        "engagement_level": lead.engagement_level,
        "status": lead.status,
    }
    return jsonify(body), 201 if captured.created else 200
