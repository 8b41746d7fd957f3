"""POST /api/v1/privacy/requests: the same 202 for any valid address, known or not (status, body,
headers and, within noise, time), the error shape for bad input, a per-IP limit, and answers that
match the OpenAPI document."""

import re
import statistics
import time

import pytest
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from leadcapture.apidoc.document import openapi_document
from leadcapture.privacy.self_service import LINKS_PER_ADDRESS_PER_DAY
from tests.admin.rules_helpers import finish_jobs
from tests.privacy.helpers import BASE_URL, add_lead, ask, kept_mail, link_path, logged_requests
from tests.statements import statements_sent

URL = "/api/v1/privacy/requests"
# Headers that differ between any two answers (the limiter's counters, the date, the request's id).
VARYING = {"Date", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "X-Request-ID"}


@pytest.fixture
def api_app(make_app):
    return make_app(
        PUBLIC_BASE_URL=BASE_URL, API_RATE_LIMIT="100000 per minute", PRIVACY_RATE_LIMIT="100000 per minute"
    )


def shape(response) -> tuple:
    # The CSP's nonce is new on every response, whoever asks.
    headers = sorted(
        (name, re.sub(r"'nonce-[^']+'", "'nonce'", value))
        for name, value in response.headers.items()
        if name not in VARYING
    )
    return response.status_code, response.get_json(), headers


def test_known_and_unknown_addresses_get_the_same_answer_and_the_same_email(api_app):
    client = api_app.test_client()
    with api_app.app_context():
        add_lead("known@example.com", name="Kim")
    known, unknown = ask(client, "known@example.com", "erase"), ask(client, "unknown@example.com", "erase")
    assert shape(known) == shape(unknown) == (202, {"accepted": True}, shape(known)[2])
    assert "Set-Cookie" not in known.headers
    finish_jobs(api_app)
    with api_app.app_context():
        mails = {mail.recipient: mail for mail in kept_mail()}
        assert set(mails) == {"known@example.com", "unknown@example.com"}
        texts = [link_path(mail.text_body) for mail in mails.values()]
        assert mails["known@example.com"].subject == mails["unknown@example.com"].subject
        assert mails["known@example.com"].text_body.replace(texts[0], "") == mails[
            "unknown@example.com"
        ].text_body.replace(texts[1], "")
        assert [(r.kind, r.channel, r.status) for r in logged_requests()] == [
            ("erase", "self_service", "requested")
        ] * 2


def test_known_and_unknown_addresses_cost_the_same_work(api_app):
    client = api_app.test_client()
    with api_app.app_context():
        add_lead("known@example.com", name="Kim")
    ask(client, "warm-up@example.com")
    with statements_sent(api_app) as known:
        ask(client, "known@example.com")
    with statements_sent(api_app) as unknown:
        ask(client, "unknown@example.com")
    assert known == unknown and len(known) >= 3


def test_known_and_unknown_addresses_take_the_same_time_within_noise(api_app):
    client = api_app.test_client()
    with api_app.app_context():
        for index in range(20):
            add_lead(f"known{index}@example.com")
    ask(client, "warm-up@example.com")
    timings = {"known": [], "unknown": []}
    for index in range(20):  # interleaved, so that a slow moment of the machine hits both
        for which in timings:
            started = time.perf_counter()
            assert ask(client, f"{which}{index}@example.com").status_code == 202
            timings[which].append(time.perf_counter() - started)
    known, unknown = (statistics.median(timings[which]) for which in timings)
    # A known address doing more (a lookup, a ZIP, mail sent in the request) would take several times as long.
    assert abs(known - unknown) < max(0.5 * min(known, unknown), 0.01), timings


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"email": "not-an-address", "kind": "export"}, 422, "email"),
        ({"email": "ana@", "kind": "erase"}, 422, "email"),
        ({"email": "a" * 400 + "@example.com", "kind": "erase"}, 422, "email"),
        ({"email": 42, "kind": "export"}, 422, "email"),
        ({"email": ["ana@example.com"], "kind": "export"}, 422, "email"),
        ({"email": "ana@example.com", "kind": "delete_everything"}, 422, "kind"),
        ({"email": "ana@example.com", "kind": "withdraw_consent"}, 422, "kind"),
        ({"email": "ana@example.com"}, 422, "kind"),
        ({"kind": "export"}, 422, "email"),
        (["ana@example.com", "export"], 400, None),
        ('{"email": "ana@example.com", "kind": "export"', 400, None),
        ('{"email": "ana\\u0000@example.com", "kind": "export"}', 400, None),
    ],
)
def test_bad_bodies_get_the_error_shape(api_app, body, status, field):
    client = api_app.test_client()
    if isinstance(body, str):
        answer = client.post(URL, data=body, content_type="application/json")
    else:
        answer = client.post(URL, json=body)
    assert answer.status_code == status
    error = answer.get_json()["error"]
    assert error["code"] == ("validation_failed" if status == 422 else "malformed") and error["message"]
    if field:
        assert field in error["fields"]
    with api_app.app_context():
        assert logged_requests() == [] and kept_mail() == []


def test_a_body_that_is_not_json_is_refused(api_app):
    answer = api_app.test_client().post(URL, data="email=ana@example.com", content_type="text/html")
    assert answer.status_code == 415 and answer.get_json()["error"]["code"] == "unsupported_media_type"


def test_an_address_gets_a_few_links_a_day_however_often_it_is_asked(api_app):
    client = api_app.test_client()
    answers = [ask(client, "target@example.com").status_code for _ in range(LINKS_PER_ADDRESS_PER_DAY + 3)]
    assert answers == [202] * (LINKS_PER_ADDRESS_PER_DAY + 3)
    finish_jobs(api_app)
    with api_app.app_context():
        assert len(kept_mail()) == len(logged_requests()) == LINKS_PER_ADDRESS_PER_DAY


def test_the_link_is_on_the_public_base_url_whatever_host_the_client_names(api_app):
    client = api_app.test_client()
    client.post(URL, json={"email": "ana@example.com", "kind": "export"}, headers={"Host": "evil.example"})
    finish_jobs(api_app)
    with api_app.app_context():
        [mail] = kept_mail()
    assert f"{BASE_URL}/privacy/confirm/" in mail.text_body and "evil.example" not in mail.text_body


def test_requests_are_limited_per_client_ip_across_the_api_and_the_page(make_app):
    client = make_app(PRIVACY_RATE_LIMIT="2 per hour").test_client()
    assert ask(client, "one@example.com").status_code == 202
    assert client.post("/privacy", data={"email": "two@example.com", "kind": "erase"}).status_code == 302
    limited = ask(client, "three@example.com")
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"
    page = client.post("/privacy", data={"email": "four@example.com", "kind": "erase"})
    assert page.status_code == 429 and "Too Many Requests" in page.get_data(as_text=True)
    other_ip = {"REMOTE_ADDR": "192.0.2.7"}
    assert (
        client.post(
            URL, json={"email": "five@example.com", "kind": "export"}, environ_base=other_ip
        ).status_code
        == 202
    )


def test_answers_match_the_openapi_document(api_app):
    spec = OpenAPI.from_dict(openapi_document())
    client = api_app.test_client()
    for body, status in (
        ({"email": "ana@example.com", "kind": "erase"}, 202),
        ({"email": "x", "kind": "export"}, 422),
    ):
        environ = EnvironBuilder(path=URL, method="POST", json=body).get_environ()
        data = environ["wsgi.input"].read()
        answer = client.post(URL, data=data, content_type="application/json")
        sent = WerkzeugOpenAPIRequest(
            Request(
                EnvironBuilder(
                    path=URL, method="POST", data=data, content_type="application/json"
                ).get_environ()
            )
        )
        assert answer.status_code == status
        if status == 202:
            spec.validate_request(sent)
        spec.validate_response(sent, WerkzeugOpenAPIResponse(answer))
