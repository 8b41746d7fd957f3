"""GET /api/openapi.json: a valid OpenAPI 3.1 document of every public endpoint, that real answers
of the API validate against."""

import io
import re

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from leadcapture.apidoc.document import app_version, openapi_document
from leadcapture.cta.registry import TOOLS
from leadcapture.cta.tools.appointment_booking import free_slots
from leadcapture.models.types import new_id
from tests.tools.photo_samples import astronaut, encode

CALC = {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"}
RULE_ARGUMENT = re.compile(r"<(?:[^:>]*:)?(\w+)>")


@pytest.fixture(scope="module")
def spec():
    return OpenAPI.from_dict(openapi_document())


def exchange(client, path, method="POST", **request):
    """Send a request; the request and the response wrapped for openapi-core."""
    environ = EnvironBuilder(path=path, method=method, **request).get_environ()
    raw = {"data": environ["wsgi.input"].read(), "content_type": environ.get("CONTENT_TYPE")}
    response = client.open(path, method=method, **raw)
    sent = Request(EnvironBuilder(path=path, method=method, **raw).get_environ())
    return WerkzeugOpenAPIRequest(sent), WerkzeugOpenAPIResponse(response)


def checked(spec, client, path, status, method="POST", **request):
    """The JSON answer, after checking its status and that the request and answer match the spec."""
    sent, answer = exchange(client, path, method, **request)
    assert answer.status_code == status, answer.data
    spec.validate_request(sent)
    spec.validate_response(sent, answer)
    return answer.response.get_json()


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "LeadCapture" and document["info"]["version"] == app_version()
    assert document["servers"] == [{"url": "/"}]


def test_the_document_is_built_once_per_process():
    assert openapi_document() is openapi_document()


def test_every_public_endpoint_is_documented(app):
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = RULE_ARGUMENT.sub(r"{\1}", rule.rule)
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                names = TOOLS if "{tool}" in path else [None]
                routed |= {(path.replace("{tool}", name or ""), method.lower()) for name in names}
    documented = {(path, method) for path, item in openapi_document()["paths"].items() for method in item}
    assert documented == routed


def test_tool_answers_match_the_document(api, spec, app):
    with app.app_context():
        slot = free_slots()[0].isoformat() + "Z"
    booking = {"procedure": "botox", "slot": slot, "email": "bk@example.com", "name": "Bea"}
    bodies = {
        "ai_recommendation": {"query": "Botox asap please, my budget is around $6000"},
        "face_analysis": {"concerns": ["acne_scars"], "visitor_id": "headless-client-1"},
        "cost_calculator": CALC | {"utm": {"utm_source": "google"}, "time_on_tool_seconds": 40},
        "appointment_booking": booking,
    }
    for tool, body in bodies.items():
        answer = checked(spec, api, f"/api/v1/tools/{tool}", 200, json=body)
        assert answer["result"]
    assert answer["result"]["ics_url"].endswith(".ics")


def test_face_photo_upload_answer_matches_the_document(api, spec):
    photo = (io.BytesIO(encode(astronaut())), "me.jpg")
    form = {"photo": photo, "concerns": "wrinkles", "consent_photo_processing": "true"}
    sent, answer = exchange(api, "/api/v1/tools/face_analysis", data=form)
    assert answer.status_code == 200, answer.data
    # Only the answer: openapi-core reads multipart parts as bytes and checks them against the schema
    # without converting them (a file is not a "string" to it, nor "true" a boolean).
    spec.validate_response(sent, answer)
    assert answer.response.get_json()["result"]["face_found"] is True


@pytest.mark.parametrize(
    ("tool", "body"),
    [
        ("ai_recommendation", {"query": ""}),
        ("face_analysis", {"concerns": ["warts"]}),
        ("cost_calculator", {"procedures": []}),
        ("appointment_booking", {"procedure": "botox", "slot": "tomorrow", "email": "a@example.com"}),
    ],
)
def test_tool_validation_errors_match_the_document(api, spec, tool, body):
    sent, answer = exchange(api, f"/api/v1/tools/{tool}", json=body)
    assert answer.status_code == 422
    spec.validate_response(sent, answer)


def test_lead_answers_match_the_document(api, spec):
    api.get("/")
    lead = {"email": "ann@example.com", "name": "Ann", "consent_marketing": True}
    new = checked(spec, api, "/api/v1/leads", 201, json=lead)
    known = checked(spec, api, "/api/v1/leads", 201, json=lead | {"phone": "+1 415 555 0100"})
    assert (
        new
        == known
        == {"accepted": True, "visitor_id": new["visitor_id"], "lead_score": 0, "engagement_level": "low"}
    )


def test_the_lead_answer_is_documented_as_one_201_without_lead_fields():
    answers = openapi_document()["paths"]["/api/v1/leads"]["post"]["responses"]
    assert [status for status in answers if status.startswith("2")] == ["201"]
    schema = answers["201"]["content"]["application/json"]["schema"]
    properties = resolved(schema)["properties"]
    assert set(properties) == {"accepted", "visitor_id", "lead_score", "engagement_level"}


def resolved(schema: dict) -> dict:
    """``schema``, or the component its ``$ref`` names."""
    if "$ref" not in schema:
        return schema
    return openapi_document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]


def test_events_answers_match_the_document(api, spec):
    events = [{"type": "page_view", "page_url": "https://clinic.example/", "timestamp": 1767225600000}]
    accepted = checked(spec, api, "/api/v1/events", 202, json={"events": events})
    assert accepted["accepted"] == 1 and accepted["visitor_id"]
    sent, answer = exchange(api, "/api/v1/events", json={"events": [*events, {"type": "nope"}]})
    spec.validate_response(sent, answer)
    assert answer.response.get_json()["rejected"][0]["index"] == 1


def test_tools_list_and_prompt_answers_match_the_document(api, spec):
    tools = checked(spec, api, "/api/v1/tools", 200, method="GET")
    assert [tool["name"] for tool in tools["tools"]] == list(TOOLS)
    prompt_id = checked(spec, api, "/api/v1/tools/cost_calculator", 200, json=CALC)["prompt_id"]
    checked(spec, api, f"/api/v1/prompts/{prompt_id}/dismissed", 200, json={})
    checked(spec, api, f"/api/v1/prompts/{new_id()}/dismissed", 404, json={})
    checked(spec, api, "/api/openapi.json", 200, method="GET")
