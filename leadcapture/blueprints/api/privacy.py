"""``POST /api/v1/privacy/requests``: a person asks for a copy of their data or its erasure; the
answer is the same for any address, and the link to confirm goes to the address by email."""

from flask import jsonify

from leadcapture.blueprints.api.blueprint import bp
from leadcapture.blueprints.api.body import json_object
from leadcapture.blueprints.errors import ApiError
from leadcapture.blueprints.privacy import confirmation_link, request_limit
from leadcapture.errors import InputError
from leadcapture.privacy.self_service import request_link


@bp.post("/privacy/requests")
@request_limit
def request_privacy_link():
    try:
        request_link(json_object(), confirmation_link)
    except InputError as error:
        raise ApiError(error.status, error.message, error.fields) from None
    return jsonify({"accepted": True}), 202
