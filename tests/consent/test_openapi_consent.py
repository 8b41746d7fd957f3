"""The answers without analytics consent, and the analytics_consent field, match the OpenAPI document."""

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from leadcapture.apidoc.document import openapi_document
from leadcapture.models.catalog_store import seed_catalog
from tests.consent.helpers import CALC

REQUESTS = [
    ("/api/v1/events", {"events": [{"type": "click"}]}),
    ("/api/v1/events", {"events": [{"type": "click"}], "analytics_consent": False}),
    ("/api/v1/tools/cost_calculator", CALC),
    ("/api/v1/tools/cost_calculator", {**CALC, "analytics_consent": True}),
]


@pytest.fixture
def client(make_app):
    app = make_app(TRACKING_CONSENT="required")
    with app.app_context():
        seed_catalog()
    return app.test_client()


@pytest.mark.parametrize(("path", "body"), REQUESTS)
def test_the_request_and_answer_match_the_document(client, path, body):
    spec = OpenAPI.from_dict(openapi_document())
    response = client.post(path, json=body)
    sent = Request(EnvironBuilder(path=path, method="POST", json=body).get_environ())
    spec.validate_request(WerkzeugOpenAPIRequest(sent))
    spec.validate_response(WerkzeugOpenAPIRequest(sent), WerkzeugOpenAPIResponse(response))
    tracked = body.get("analytics_consent") is True
    if path.endswith("/events"):
        assert response.get_json()["accepted"] == (1 if tracked else 0)
        assert ("analytics_consent" in response.get_json()) is not tracked
    else:
        assert (response.get_json()["interaction_id"] is not None) is tracked
