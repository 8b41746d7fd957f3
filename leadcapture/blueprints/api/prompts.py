"""``POST /api/v1/prompts/<id>/interacted|dismissed``: what the visitor did with the contact form."""

import re

from flask import jsonify

from leadcapture.apidoc.models import PROMPT_ID_PATTERN
from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import json_object, visitor_id_from
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.visitor_context import visit_context
from leadcapture.prompts import answer_prompt

PROMPT_ID = re.compile(PROMPT_ID_PATTERN)


@bp.post("/prompts/<prompt_id>/<any(interacted, dismissed):action>")
def answer(prompt_id: str, action: str):
    ctx = visit_context(visitor_id=visitor_id_from(json_object()))
    # An id we never issued (NUL included, which PostgreSQL could not even compare) is not looked up.
    if not PROMPT_ID.fullmatch(prompt_id) or not answer_prompt(prompt_id, ctx.visitor_id, action, ctx.now):
        raise ApiError(404, "No such contact prompt for this visitor.")
    return jsonify({"prompt_id": prompt_id, "status": action})
