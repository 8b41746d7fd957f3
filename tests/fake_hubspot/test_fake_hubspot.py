"""The fake HubSpot, driven by the real hubspot-api-client; every body checked against HubSpot's specs."""

import json
import time

import pytest
import urllib3
from hubspot.crm.contacts import (
    ApiException,
    BatchInputSimplePublicObjectBatchInputUpsert,
    BatchReadInputSimplePublicObjectId,
    PublicGdprDeleteInput,
    SimplePublicObjectBatchInputUpsert,
    SimplePublicObjectId,
    SimplePublicObjectInputForCreate,
)

# The subclasses by status are not exported by the package, only by its exceptions module.
from hubspot.crm.contacts.exceptions import NotFoundException, ServiceException, UnauthorizedException
from hubspot.crm.objects.notes import ApiException as NotesApiException
from hubspot.crm.objects.notes import (
    AssociationSpec,
    Filter,
    FilterGroup,
    PublicAssociationsForObject,
    PublicObjectId,
    PublicObjectSearchRequest,
)
from hubspot.crm.objects.notes import SimplePublicObjectInputForCreate as NoteInput
from hubspot.crm.properties import ApiException as PropertiesApiException
from hubspot.crm.properties import BatchInputPropertyCreate, PropertyCreate, PropertyGroupCreate

from tests.clock import ManualClock
from tests.fake_hubspot import spec
from tests.live import at_once

TIMEOUT = (2, 5)
RATE_HEADERS = ("X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining")


@pytest.fixture
def client(fake_hubspot):
    # Retry(0): urllib3's default would silently repeat idempotent requests; see what HubSpot answers.
    return fake_hubspot.client(retry=urllib3.Retry(0))


@pytest.fixture
def batch(client):
    return client.crm.contacts.batch_api


def upsert(batch, *emails, **properties):
    inputs = [
        SimplePublicObjectBatchInputUpsert(
            id=email, id_property="email", object_write_trace_id=f"trace-{n}", properties=dict(properties)
        )
        for n, email in enumerate(emails)
    ]
    return batch.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=TIMEOUT)


def last_body(api, spec_name: str, schema: str) -> dict:
    """The raw JSON of the API object's last answer, checked against the spec."""
    body = json.loads(api.api_client.last_response.data)
    assert spec.response_problems(spec_name, schema, body) == []
    return body


def error_body(error: ApiException) -> dict:
    body = json.loads(error.body)
    assert spec.response_problems("contacts", "Error", body) == []
    return body


def test_the_spec_check_is_strict():
    good = {"status": "error", "message": "m", "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf"}
    assert spec.response_problems("contacts", "Error", {**good, "category": "X"}) == []
    assert spec.response_problems("contacts", "Error", good) == ["(body): 'category' is a required property"]
    problems = spec.response_problems(
        "contacts",
        "SimplePublicObject",
        {
            "id": 1,
            "properties": {"a": None},
            "createdAt": "2024-01-01",
            "updatedAt": "x",
            "archived": False,
            "z": 1,
        },
    )
    assert len(problems) == 5  # id type, null value, two dates, the undocumented field
    assert spec.request_problems("contacts", "BatchReadInputSimplePublicObjectId", {"inputs": []}) == []


def test_upsert_creates_then_updates_by_lower_cased_email(fake_hubspot, batch):
    created = upsert(batch, "Ann@Example.com", firstname="Ann")
    body = last_body(batch, "contacts", "BatchResponseSimplePublicUpsertObject")
    assert batch.api_client.last_response.status == 200
    assert (created.results[0].new, created.results[0].object_write_trace_id) == (True, "trace-0")
    assert body["results"][0]["properties"]["email"] == "ann@example.com"

    updated = upsert(batch, "ann@example.com", lastname="Lee")
    assert (updated.results[0].id, updated.results[0].new) == (created.results[0].id, False)
    assert fake_hubspot.contacts["ann@example.com"]["properties"]["firstname"] == "Ann"
    assert fake_hubspot.contacts["ann@example.com"]["properties"]["lastname"] == "Lee"
    seen = fake_hubspot.requests[-1]
    assert (seen.method, seen.path, seen.status, seen.batch_size) == (
        "POST",
        "/crm/v3/objects/contacts/batch/upsert",
        200,
        1,
    )
    headers = batch.api_client.last_response.getheaders()
    assert headers["X-HubSpot-RateLimit-Remaining"] == "98"
    assert "Retry-After" not in headers


@pytest.mark.parametrize(
    ("properties", "code"),
    [
        ({"email": "not-an-email"}, "INVALID_EMAIL"),
        ({"hs_lead_status": "HOT"}, "INVALID_OPTION"),
        ({"hs_object_id": "5"}, "READ_ONLY_VALUE"),
    ],
)
def test_refused_values_answer_207_with_the_good_ones_written(fake_hubspot, batch, properties, code):
    bad = properties.get("email", "bad.value@example.com")
    inputs = [
        SimplePublicObjectBatchInputUpsert(id="good@example.com", id_property="email", properties={}),
        SimplePublicObjectBatchInputUpsert(
            id=bad, id_property="email", object_write_trace_id="t-bad", properties=properties
        ),
    ]
    answer = batch.upsert(
        BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=TIMEOUT
    )

    body = last_body(batch, "contacts", "BatchResponseSimplePublicUpsertObjectWithErrors")
    assert batch.api_client.last_response.status == 207
    assert [result.properties["email"] for result in answer.results] == ["good@example.com"]
    assert answer.num_errors == 1 and body["numErrors"] == 1
    error = answer.errors[0]
    assert error.category == "VALIDATION_ERROR" and error.message.startswith(
        "Property values were not valid: "
    )
    assert error.context == {"ids": [bad], "objectWriteTraceId": ["t-bad"]}
    assert error.errors[0].code == code and code in error.message
    assert list(fake_hubspot.contacts) == ["good@example.com"]


def test_more_than_100_inputs_are_refused(fake_hubspot, batch):
    with pytest.raises(ApiException) as refused:
        upsert(batch, *(f"p{n}@example.com" for n in range(101)))
    assert refused.value.status == 400
    assert error_body(refused.value)["category"] == "VALIDATION_ERROR"
    assert fake_hubspot.requests[-1].batch_size == 101 and fake_hubspot.contacts == {}


def test_duplicate_ids_are_refused(fake_hubspot, batch):
    with pytest.raises(ApiException) as refused:
        upsert(batch, "dup@example.com", "other@example.com", "DUP@example.com")
    body = error_body(refused.value)
    assert refused.value.status == 400
    assert body["message"] == "Duplicate IDs found in batch input: [dup@example.com]. IDs must be unique"
    assert (body["category"], body["context"]) == ("VALIDATION_ERROR", {"ids": ["dup@example.com"]})
    assert fake_hubspot.contacts == {}


def test_custom_properties_must_be_created_before_use(fake_hubspot, client, batch):
    with pytest.raises(ApiException) as refused:
        upsert(batch, "ann@example.com", leadcapture_score="42")
    body = error_body(refused.value)
    assert (refused.value.status, body["category"]) == (400, "VALIDATION_ERROR")
    assert body["errors"] == [
        {
            "message": 'Property "leadcapture_score" does not exist',
            "code": "PROPERTY_DOESNT_EXIST",
            "context": {"propertyName": ["leadcapture_score"]},
        }
    ]
    assert "PROPERTY_DOESNT_EXIST" in body["message"]

    groups, core = client.crm.properties.groups_api, client.crm.properties.core_api
    groups.create(
        "contacts", PropertyGroupCreate(name="leadcapture", label="LeadCapture"), _request_timeout=TIMEOUT
    )
    last_body(groups, "properties", "PropertyGroup")
    definition = PropertyCreate(
        name="leadcapture_score", label="Score", type="number", field_type="number", group_name="leadcapture"
    )
    created = core.create("contacts", definition, _request_timeout=TIMEOUT)
    assert (created.name, created.group_name) == ("leadcapture_score", "leadcapture")
    last_body(core, "properties", "Property")

    assert (
        upsert(batch, "ann@example.com", leadcapture_score="42").results[0].properties["leadcapture_score"]
        == "42"
    )
    conflicts = [
        (core.create, definition, "Property named 'leadcapture_score' already exists."),
        (
            groups.create,
            PropertyGroupCreate(name="leadcapture", label="L"),
            "Property group named 'leadcapture' already exists.",
        ),
    ]
    for create, argument, message in conflicts:
        with pytest.raises(PropertiesApiException) as conflict:
            create("contacts", argument, _request_timeout=TIMEOUT)
        body = error_body(conflict.value)
        assert (conflict.value.status, body["category"], body["message"]) == (
            409,
            "OBJECT_ALREADY_EXISTS",
            message,
        )


def test_hubspots_default_properties_exist(client):
    core = client.crm.properties.core_api
    names = {prop.name for prop in core.get_all("contacts", _request_timeout=TIMEOUT).results}
    assert {"email", "firstname", "lastname", "phone", "company", "hs_lead_status", "lifecyclestage"} <= names
    last_body(core, "properties", "CollectionResponsePropertyNoPaging")
    assert "NEW" in [option.value for option in core.get_by_name("contacts", "hs_lead_status").options]
    last_body(core, "properties", "Property")
    with pytest.raises(PropertiesApiException) as missing:
        core.get_by_name("contacts", "nope", _request_timeout=TIMEOUT)
    assert missing.value.status == 404 and error_body(missing.value)["category"] == "OBJECT_NOT_FOUND"


def test_create_answers_409_for_a_known_email(client, batch):
    contact_id = upsert(batch, "ann@example.com").results[0].id
    basic = client.crm.contacts.basic_api
    with pytest.raises(ApiException) as conflict:
        basic.create(
            SimplePublicObjectInputForCreate(properties={"email": "ANN@example.com"}, associations=[]),
            _request_timeout=TIMEOUT,
        )
    body = error_body(conflict.value)
    assert conflict.value.status == 409
    assert (body["message"], body["category"]) == (
        f"Contact already exists. Existing ID: {contact_id}",
        "CONFLICT",
    )
    created = basic.create(
        SimplePublicObjectInputForCreate(properties={"email": "bob@example.com"}), _request_timeout=TIMEOUT
    )
    assert created.properties["email"] == "bob@example.com"
    last_body(basic, "contacts", "SimplePublicObject")


def test_contacts_can_be_read_by_id_and_by_email(client, batch):
    contact_id = upsert(batch, "ann@example.com", firstname="Ann", phone="+15550100").results[0].id
    basic = client.crm.contacts.basic_api
    by_id = basic.get_by_id(contact_id, _request_timeout=TIMEOUT)
    assert by_id.properties["firstname"] == "Ann" and "phone" not in by_id.properties  # not a default one
    last_body(basic, "contacts", "SimplePublicObjectWithAssociations")
    by_email = basic.get_by_id(
        "ann@example.com", id_property="email", properties=["phone"], _request_timeout=TIMEOUT
    )
    assert by_email.properties == {"phone": "+15550100"}
    with pytest.raises(NotFoundException) as missing:
        basic.get_by_id("999999", _request_timeout=TIMEOUT)
    assert error_body(missing.value)["category"] == "OBJECT_NOT_FOUND"

    inputs = [SimplePublicObjectId(id="ann@example.com"), SimplePublicObjectId(id="nobody@example.com")]
    read = BatchReadInputSimplePublicObjectId(
        inputs=inputs, id_property="email", properties=["firstname"], properties_with_history=[]
    )
    answer = batch.read(read, _request_timeout=TIMEOUT)
    last_body(batch, "contacts", "BatchResponseSimplePublicObjectWithErrors")
    assert [result.id for result in answer.results] == [contact_id]
    assert (answer.errors[0].category, answer.errors[0].context) == (
        "OBJECT_NOT_FOUND",
        {"ids": ["nobody@example.com"]},
    )
    read = BatchReadInputSimplePublicObjectId(inputs=[SimplePublicObjectId(id=contact_id)], properties=[])
    assert batch.read(read, _request_timeout=TIMEOUT).results[0].properties["email"] == "ann@example.com"
    last_body(batch, "contacts", "BatchResponseSimplePublicObject")


def test_a_wrong_token_answers_401_until_the_fake_accepts_it(fake_hubspot):
    batch = fake_hubspot.client(access_token="pat-new", retry=urllib3.Retry(0)).crm.contacts.batch_api
    with pytest.raises(UnauthorizedException) as refused:
        upsert(batch, "ann@example.com")
    body = error_body(refused.value)
    assert body["category"] == "INVALID_AUTHENTICATION"
    assert body["message"].startswith("Authentication credentials not found.")
    assert not any(name in refused.value.headers for name in RATE_HEADERS)
    assert fake_hubspot.requests[-1].authorized is False

    fake_hubspot.token = "pat-new"
    assert upsert(batch, "ann@example.com").results[0].new is True


def test_the_rate_limit_is_a_rolling_window(fake_hubspot, batch):
    clock = ManualClock()
    fake_hubspot.set_rate_limit(3, 0.5, clock)
    remaining = []
    for n in range(3):
        upsert(batch, f"p{n}@example.com")
        remaining.append(batch.api_client.last_response.getheaders()["X-HubSpot-RateLimit-Remaining"])
    assert remaining == ["2", "1", "0"]
    with pytest.raises(ApiException) as limited:
        upsert(batch, "late@example.com")
    body, headers = error_body(limited.value), limited.value.headers
    assert limited.value.status == 429
    assert (body["errorType"], body["policyName"]) == ("RATE_LIMIT", "TEN_SECONDLY_ROLLING")
    assert body["message"] == "You have reached your ten_secondly_rolling limit."
    assert (headers["X-HubSpot-RateLimit-Max"], headers["X-HubSpot-RateLimit-Remaining"]) == ("3", "0")
    assert headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "500" and "Retry-After" not in headers
    clock.advance(0.5)
    assert upsert(batch, "late@example.com").results[0].new is True


def test_random_server_errors_are_reproducible(fake_hubspot, client):
    core = client.crm.properties.core_api

    def statuses():
        seen = []
        for _ in range(40):
            try:
                core.get_by_name("contacts", "email", _request_timeout=TIMEOUT)
                seen.append(200)
            except PropertiesApiException as error:
                assert spec.response_problems("properties", "Error", json.loads(error.body)) == []
                seen.append(error.status)
        return seen

    fake_hubspot.set_failure_rate(0.15, seed=7)
    first = statuses()
    fake_hubspot.set_failure_rate(0.15, seed=7)
    assert statuses() == first
    assert 1 <= sum(status != 200 for status in first) <= 15
    assert set(first) <= {200, 500, 502, 503}


def test_the_next_requests_can_fail_with_a_chosen_status(fake_hubspot, batch):
    fake_hubspot.fail_next(2, 502)
    for _ in range(2):
        with pytest.raises(ServiceException) as failed:
            upsert(batch, "ann@example.com")
        assert failed.value.status == 502 and error_body(failed.value)
    fake_hubspot.fail_next(1, 429)
    with pytest.raises(ApiException) as limited:
        upsert(batch, "ann@example.com")
    assert limited.value.status == 429 and error_body(limited.value)["policyName"] == "TEN_SECONDLY_ROLLING"
    assert upsert(batch, "ann@example.com").results[0].new is True
    assert [seen.status for seen in fake_hubspot.requests] == [502, 502, 429, 200]


def test_latency_beyond_the_read_timeout_raises_urllib3s_error(fake_hubspot, batch):
    fake_hubspot.set_latency(0.3)
    inputs = [SimplePublicObjectBatchInputUpsert(id="ann@example.com", id_property="email", properties={})]
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):
        batch.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=(1, 0.1))
    deadline = time.monotonic() + 2
    while not fake_hubspot.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    # The write still happened: a timed-out upsert must be retried idempotently, never assumed lost.
    assert fake_hubspot.requests[-1].status == 200 and "ann@example.com" in fake_hubspot.contacts


def test_a_dropped_connection_raises_urllib3s_protocol_error(fake_hubspot, batch):
    fake_hubspot.drop_next()
    with pytest.raises(urllib3.exceptions.ProtocolError):
        upsert(batch, "ann@example.com")
    assert fake_hubspot.requests[-1].status is None and fake_hubspot.contacts == {}
    assert upsert(batch, "ann@example.com").results[0].new is True


def test_values_that_are_not_strings_are_refused(batch):
    inputs = [
        SimplePublicObjectBatchInputUpsert(id="ann@example.com", id_property="email", properties={"phone": 5})
    ]
    with pytest.raises(ApiException) as refused:
        batch.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=TIMEOUT)
    assert refused.value.status == 400 and "is not of type 'string'" in error_body(refused.value)["message"]


def test_concurrent_upserts_each_get_their_own_contact(fake_hubspot, client):
    batch = client.crm.contacts.batch_api
    at_once(8, lambda n: upsert(batch, *(f"t{n}-{m}@example.com" for m in range(10))))
    assert len(fake_hubspot.contacts) == 80
    assert len({contact["id"] for contact in fake_hubspot.contacts.values()}) == 80


def test_api_request_uses_base_url(fake_hubspot, client):
    answer = client.api_request({"method": "GET", "path": "/crm/v3/properties/contacts/email"})
    assert answer.status_code == 200 and answer.json()["name"] == "email"
    assert spec.response_problems("properties", "Property", answer.json()) == []
    assert fake_hubspot.requests[-1].path == "/crm/v3/properties/contacts/email"


def score_property(name="leadcapture_score", group="leadcapture"):
    return PropertyCreate(name=name, label=name, type="number", field_type="number", group_name=group)


def test_properties_are_created_in_one_batch_and_existing_ones_are_named_in_a_207(fake_hubspot, client):
    client.crm.properties.groups_api.create(
        "contacts", PropertyGroupCreate(name="leadcapture", label="LeadCapture"), _request_timeout=TIMEOUT
    )
    api = client.crm.properties.batch_api
    inputs = [score_property(), score_property("leadcapture_status")]
    created = api.create("contacts", BatchInputPropertyCreate(inputs=inputs), _request_timeout=TIMEOUT)
    assert sorted(result.name for result in created.results) == ["leadcapture_score", "leadcapture_status"]
    assert api.api_client.last_response.status == 201
    last_body(api, "properties", "BatchResponseProperty")

    inputs = [score_property(), score_property("leadcapture_owner"), score_property("x", group="nope")]
    again = api.create("contacts", BatchInputPropertyCreate(inputs=inputs), _request_timeout=TIMEOUT)
    body = last_body(api, "properties", "BatchResponsePropertyWithErrors")
    assert api.api_client.last_response.status == 207 and body["numErrors"] == 2
    assert [result.name for result in again.results] == ["leadcapture_owner"]
    assert [(error.category, error.context) for error in again.errors] == [
        ("OBJECT_ALREADY_EXISTS", {"name": ["leadcapture_score"]}),
        ("VALIDATION_ERROR", {"name": ["x"]}),
    ]
    assert "already exists" in again.errors[0].message


def test_unknown_properties_can_be_refused_per_input(fake_hubspot, batch):
    fake_hubspot.report_missing_properties_per_input(True)
    inputs = [
        SimplePublicObjectBatchInputUpsert(
            id=email, id_property="email", object_write_trace_id=trace, properties=properties
        )
        for email, trace, properties in [
            ("ann@example.com", "1", {"leadcapture_score": "3"}),
            ("bob@example.com", "2", {"firstname": "Bob"}),
        ]
    ]
    answer = batch.upsert(
        BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=TIMEOUT
    )
    last_body(batch, "contacts", "BatchResponseSimplePublicUpsertObjectWithErrors")
    assert [result.object_write_trace_id for result in answer.results] == ["2"]
    (error,) = answer.errors
    assert error.context == {"ids": ["ann@example.com"], "objectWriteTraceId": ["1"]}
    assert [detail.code for detail in error.errors] == ["PROPERTY_DOESNT_EXIST"]
    assert set(fake_hubspot.contacts) == {"bob@example.com"}

    fake_hubspot.reset()
    with pytest.raises(ApiException) as refused:
        batch.upsert(BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs), _request_timeout=TIMEOUT)
    assert refused.value.status == 400 and fake_hubspot.contacts == {}


def test_denied_scopes_answer_hubspots_403(fake_hubspot, client, batch):
    fake_hubspot.deny_scopes({"crm.schemas.contacts.write"})
    with pytest.raises(PropertiesApiException) as denied:
        client.crm.properties.batch_api.create(
            "contacts", BatchInputPropertyCreate(inputs=[score_property()]), _request_timeout=TIMEOUT
        )
    body = error_body(denied.value)
    assert (denied.value.status, body["category"]) == (403, "MISSING_SCOPES")
    assert body["message"].startswith("This app hasn't been granted all required scopes to make this call.")
    assert body["errors"][0]["context"] == {"requiredGranularScopes": ["crm.schemas.contacts.write"]}
    # Other scopes are still granted.
    client.crm.properties.core_api.get_all("contacts", _request_timeout=TIMEOUT)
    assert upsert(batch, "ann@example.com").results[0].new is True


def note_input(contact_id, body="Called", timestamp="1718000000000", type_id=202):
    kind = AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=type_id)
    return NoteInput(
        properties={"hs_timestamp": timestamp, "hs_note_body": body},
        associations=[PublicAssociationsForObject(to=PublicObjectId(id=contact_id), types=[kind])],
    )


def note_search(*filters, properties=("hs_note_body",)):
    conditions = [Filter(property_name=name, operator="EQ", value=value) for name, value in filters]
    return PublicObjectSearchRequest(
        filter_groups=[FilterGroup(filters=conditions)], properties=list(properties), limit=10
    )


def test_notes_are_created_with_their_contact_and_found_again(fake_hubspot, client, batch):
    contact_id = upsert(batch, "ann@example.com").results[0].id
    other_id = upsert(batch, "bob@example.com").results[0].id
    # Keep the API objects: each access of client.crm.objects.notes.basic_api builds a new one.
    basic, search = client.crm.objects.notes.basic_api, client.crm.objects.notes.search_api
    created = basic.create(note_input(contact_id), _request_timeout=TIMEOUT)
    last_body(basic, "notes", "SimplePublicObject")
    assert created.properties["hs_timestamp"] == "2024-06-10T06:13:20.000Z"  # stored as ISO, as HubSpot does
    basic.create(note_input(other_id, timestamp="2024-06-10T06:13:20Z"), _request_timeout=TIMEOUT)
    assert [note["contacts"] for note in fake_hubspot.notes] == [[contact_id], [other_id]]

    found = search.do_search(
        note_search(("hs_timestamp", "1718000000000"), ("associations.contact", contact_id)),
        _request_timeout=TIMEOUT,
    )
    last_body(search, "notes", "CollectionResponseWithTotalSimplePublicObject")
    assert (found.total, [note.id for note in found.results]) == (1, [created.id])
    assert found.results[0].properties["hs_note_body"] == "Called"
    by_time = search.do_search(
        note_search(("hs_timestamp", "2024-06-10T06:13:20.000Z")), _request_timeout=TIMEOUT
    )
    assert by_time.total == 2
    other_time = note_search(("hs_timestamp", "1718000000001"), ("associations.contact", contact_id))
    assert search.do_search(other_time, _request_timeout=TIMEOUT).total == 0

    read = basic.get_by_id(
        created.id, properties=["hs_note_body"], associations=["contacts"], _request_timeout=TIMEOUT
    )
    last_body(basic, "notes", "SimplePublicObjectWithAssociations")
    assert read.properties["hs_note_body"] == "Called"
    assert [associated.id for associated in read.associations["contacts"].results] == [contact_id]


def test_gdpr_delete_by_id_or_email_removes_the_contact_and_its_notes(fake_hubspot, client, batch):
    contact_id = upsert(batch, "ann@example.com").results[0].id
    upsert(batch, "bob@example.com")
    client.crm.objects.notes.basic_api.create(note_input(contact_id), _request_timeout=TIMEOUT)
    basic = client.crm.contacts.basic_api
    assert basic.purge(PublicGdprDeleteInput(object_id=contact_id), _request_timeout=TIMEOUT) is None
    assert basic.api_client.last_response.status == 204 and not basic.api_client.last_response.data
    assert set(fake_hubspot.contacts) == {"bob@example.com"} and fake_hubspot.notes == []
    with pytest.raises(NotFoundException) as gone:
        basic.purge(PublicGdprDeleteInput(object_id=contact_id), _request_timeout=TIMEOUT)
    assert error_body(gone.value)["category"] == "OBJECT_NOT_FOUND"

    by_email = PublicGdprDeleteInput(id_property="email", object_id="BOB@example.com")
    basic.purge(by_email, _request_timeout=TIMEOUT)
    unknown = PublicGdprDeleteInput(id_property="email", object_id="nobody@example.com")
    basic.purge(unknown, _request_timeout=TIMEOUT)  # 204 too: HubSpot blocks the address
    assert fake_hubspot.contacts == {} and fake_hubspot.blocked_emails == {"nobody@example.com"}
    with pytest.raises(ApiException) as refused:
        basic.purge(PublicGdprDeleteInput(id_property="firstname", object_id="Ann"), _request_timeout=TIMEOUT)
    assert refused.value.status == 400


def test_notes_are_refused_like_hubspot_refuses_them(fake_hubspot, client, batch):
    contact_id = upsert(batch, "ann@example.com").results[0].id
    basic = client.crm.objects.notes.basic_api
    refusals = [
        note_input("999999"),
        note_input(contact_id, type_id=1),
        NoteInput(properties={"hs_note_body": "no time"}, associations=[]),
        NoteInput(properties={"hs_timestamp": "1", "nope": "x"}, associations=[]),
    ]
    for refused_input in refusals:
        with pytest.raises(NotesApiException) as refused:
            basic.create(refused_input, _request_timeout=TIMEOUT)
        assert refused.value.status == 400 and error_body(refused.value)["category"] == "VALIDATION_ERROR"
    with pytest.raises(NotesApiException) as missing:
        basic.get_by_id("999999", _request_timeout=TIMEOUT)
    assert missing.value.status == 404
    assert fake_hubspot.notes == []


def test_faults_apply_to_the_new_endpoints(fake_hubspot, client, batch):
    contact_id = upsert(batch, "ann@example.com").results[0].id
    fake_hubspot.fail_next(1, 503)
    with pytest.raises(NotesApiException) as failed:
        client.crm.objects.notes.basic_api.create(note_input(contact_id), _request_timeout=TIMEOUT)
    assert failed.value.status == 503 and fake_hubspot.notes == []
    fake_hubspot.drop_next()
    with pytest.raises(urllib3.exceptions.ProtocolError):
        client.crm.properties.batch_api.create(
            "contacts", BatchInputPropertyCreate(inputs=[score_property()]), _request_timeout=TIMEOUT
        )
    assert [seen.status for seen in fake_hubspot.requests[-2:]] == [503, None]
