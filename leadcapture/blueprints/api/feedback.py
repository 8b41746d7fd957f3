"""``POST /api/v1/feedback``: a rating with optional details and a comment; the answer gives the
comment's sentiment."""

from flask import jsonify

from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import analytics_consent_from, json_object, visitor_id_from
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.errors import InputError
from leadcapture.feedback.service import submit_feedback


@bp.post("/feedback")
def post_feedback():
    body = json_object()
    ctx = visit_context(visitor_id=visitor_id_from(body), analytics_consent=analytics_consent_from(body))
    try:
        submitted = submit_feedback(ctx, body)
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    remember_visitor(submitted.visit)
    sentiment = submitted.sentiment
    return jsonify(
        {
            "feedback_id": submitted.feedback.id,
            "sentiment": {"label": sentiment.label, "score": sentiment.score},
        }
    ), 201
