"""Prompts: ``POST /api/v1/prompts`` asks whether a feedback prompt may show now (the server keeps
the caps); ``POST /api/v1/prompts/<id>/<action>`` reports what the visitor did with a feedback
prompt or the contact form (``sendBeacon`` bodies welcome)."""

import re

from flask import jsonify

from leadcapture.apidoc.models import PROMPT_ID_PATTERN
from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import (
    analytics_consent_from,
    beacon_object,
    json_object,
    optional_string,
    visitor_id_from,
)
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.errors import InputError
from leadcapture.feedback_prompts.lifecycle import record_prompt_action
from leadcapture.feedback_prompts.offers import SUBJECTS, offer_prompt
from leadcapture.feedback_prompts.settings import prompt_settings

PROMPT_ID = re.compile(PROMPT_ID_PATTERN)


@bp.app_template_global()
def prompt_banner_delay() -> int:
    """Seconds a public page waits before asking for the banner (feedback_prompts/_script.html)."""
    return prompt_settings().banner_delay_seconds


@bp.post("/prompts")
def request_prompt():
    body = json_object()
    ctx = visit_context(
        visitor_id=visitor_id_from(body),
        page_url=optional_string(body, "page_url"),
        analytics_consent=analytics_consent_from(body),
    )
    ids = {name: optional_string(body, name) for name in SUBJECTS.values()}
    try:
        offer = offer_prompt(ctx, optional_string(body, "type"), ids)
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    remember_visitor(offer.visit)
    if offer.prompt is None:
        return jsonify({"show": False, "reason": offer.refused})
    prompt = offer.prompt
    answer = {"show": True, "prompt_id": prompt.id, "type": prompt.prompt_type}
    return jsonify(
        {
            **answer,
            "engagement_level": prompt.engagement_level,
            "message": offer.message.to_dict(),
            "experiments": offer.experiments,
        }
    ), 201


@bp.post("/prompts/<prompt_id>/<any(interacted, dismissed, abandoned, closed):action>")
def answer(prompt_id: str, action: str):
    ctx = visit_context(visitor_id=visitor_id_from(beacon_object()))
    # An id we never issued (NUL included, which PostgreSQL could not even compare) is not looked up.
    if not PROMPT_ID.fullmatch(prompt_id) or not record_prompt_action(
        prompt_id, ctx.visitor_id, action, ctx.now
    ):
        raise ApiError(404, "No such prompt for this visitor.")
    return jsonify({"prompt_id": prompt_id, "status": action})
