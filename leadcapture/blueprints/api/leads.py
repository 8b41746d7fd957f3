"""``POST /api/v1/leads``: a visitor leaves contact details. The answer is the same for a known
and a new email (201, the visitor's own score): it never tells whether a lead exists."""

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
        answer = submit_contact(ctx, body, config["CONSENT_TEXT"], config["PHONE_REGION"])
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    body = {
        "accepted": True,
        "visitor_id": answer.visitor_id,
        "lead_score": answer.lead_score,
        "engagement_level": answer.engagement_level,
    }
    return jsonify(body), 201
