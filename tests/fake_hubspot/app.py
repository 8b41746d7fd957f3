"""The fake's WSGI app: HubSpot's contact, property and note endpoints, its auth, scopes, rate limit
and errors.

Every JSON body it sends is checked against HubSpot's spec; breaks are kept in ``violations``.
"""

import json
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from tests.fake_hubspot import spec
from tests.fake_hubspot.answers import (
    ErrorAnswer,
    batch,
    batch_error,
    batch_inputs,
    invalid,
    missing_scopes,
    property_errors,
)
from tests.fake_hubspot.notes import NoteEndpoints
from tests.fake_hubspot.state import DEFAULT_READ, Faults, RateWindow, Store, iso, now

PORTAL_ID, APP_ID = 1512050, 26892217
AUTH_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find "
    "more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
# HubSpot-ish bodies for injected server errors (the live ones vary, some are a gateway's HTML).
SERVER_ERRORS = {
    500: ("internal error", "INTERNAL_ERROR"),
    502: ("Bad Gateway", "SERVICE_UNAVAILABLE"),
    503: ("Service Unavailable", "SERVICE_UNAVAILABLE"),
    504: ("Gateway Timeout", "SERVICE_UNAVAILABLE"),
}
C, P, N = "contacts", "properties", "notes"
OBJECTS, PROPERTIES, NOTES = (
    "/crm/v3/objects/contacts",
    "/crm/v3/properties/contacts",
    "/crm/v3/objects/notes",
)
# The private-app scopes HubSpot's specs list for each operation (notes are guarded by the contact scopes).
CONTACTS_READ, CONTACTS_WRITE = "crm.objects.contacts.read", "crm.objects.contacts.write"
SCHEMAS_READ, SCHEMAS_WRITE = "crm.schemas.contacts.read", "crm.schemas.contacts.write"
UPSERTED = {
    200: "BatchResponseSimplePublicUpsertObject",
    207: "BatchResponseSimplePublicUpsertObjectWithErrors",
}
READ = {200: "BatchResponseSimplePublicObject", 207: "BatchResponseSimplePublicObjectWithErrors"}
PROPERTIES_CREATED = {201: "BatchResponseProperty", 207: "BatchResponsePropertyWithErrors"}


class Route(NamedTuple):
    """An endpoint: handled by ``do_<name>``; POST bodies are checked against ``request`` (loosely)."""

    rule: str
    method: str
    spec: str
    request: str | None
    responses: dict[int, str]
    scope: str


ROUTES = {
    "upsert": Route(
        OBJECTS + "/batch/upsert",
        "POST",
        C,
        "BatchInputSimplePublicObjectBatchInputUpsert",
        UPSERTED,
        CONTACTS_WRITE,
    ),
    "read": Route(
        OBJECTS + "/batch/read", "POST", C, "BatchReadInputSimplePublicObjectId", READ, CONTACTS_READ
    ),
    "create": Route(
        OBJECTS, "POST", C, "SimplePublicObjectInputForCreate", {201: "SimplePublicObject"}, CONTACTS_WRITE
    ),
    "get": Route(
        OBJECTS + "/<contact_id>", "GET", C, None, {200: "SimplePublicObjectWithAssociations"}, CONTACTS_READ
    ),
    # 204: no body.
    "gdpr_delete": Route(
        OBJECTS + "/gdpr-delete", "POST", C, "PublicGdprDeleteInput", {204: None}, CONTACTS_WRITE
    ),
    "properties": Route(
        PROPERTIES, "GET", P, None, {200: "CollectionResponsePropertyNoPaging"}, SCHEMAS_READ
    ),
    "create_property": Route(PROPERTIES, "POST", P, "PropertyCreate", {201: "Property"}, SCHEMAS_WRITE),
    "create_properties": Route(
        PROPERTIES + "/batch/create", "POST", P, "BatchInputPropertyCreate", PROPERTIES_CREATED, SCHEMAS_WRITE
    ),
    "property": Route(PROPERTIES + "/<name>", "GET", P, None, {200: "Property"}, SCHEMAS_READ),
    "groups": Route(
        PROPERTIES + "/groups", "GET", P, None, {200: "CollectionResponsePropertyGroupNoPaging"}, SCHEMAS_READ
    ),
    "create_group": Route(
        PROPERTIES + "/groups", "POST", P, "PropertyGroupCreate", {201: "PropertyGroup"}, SCHEMAS_WRITE
    ),
    "create_note": Route(
        NOTES, "POST", N, "SimplePublicObjectInputForCreate", {201: "SimplePublicObject"}, CONTACTS_WRITE
    ),
    "search_notes": Route(
        NOTES + "/search",
        "POST",
        N,
        "PublicObjectSearchRequest",
        {200: "CollectionResponseWithTotalSimplePublicObject"},
        CONTACTS_READ,
    ),
    "note": Route(
        NOTES + "/<note_id>", "GET", N, None, {200: "SimplePublicObjectWithAssociations"}, CONTACTS_READ
    ),
}
NOT_FOUND_IN_BATCH = (
    "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid."
)
URLS = Map([Rule(route.rule, endpoint=name, methods=[route.method]) for name, route in ROUTES.items()])


@dataclass(frozen=True)
class Seen:
    """One request the fake received and what it answered (status None: connection dropped)."""

    method: str
    path: str
    status: int | None
    batch_size: int | None
    body: Any
    authorized: bool


class FakeHubSpotApp(NoteEndpoints):
    def __init__(self, token: str):
        self.lock = threading.Lock()
        self.token = token
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.store, self.window, self.faults = Store(), RateWindow(), Faults()
            self.seen: list[Seen] = []
            self.violations: list[str] = []
            # Portal settings: scopes the private app lacks; unknown properties refused per input (207).
            self.denied_scopes: set[str] = set()
            self.missing_per_input = False
            self.whole_batch_values = False

    def __call__(self, environ, start_response):
        request = Request(environ)
        body = request.get_json(silent=True) if request.method == "POST" else None
        response, authorized = self.respond(request, body)
        inputs = body.get("inputs") if isinstance(body, dict) else None
        size = len(inputs) if isinstance(inputs, list) else None
        with self.lock:
            status = response.status_code if response else None
            self.seen.append(Seen(request.method, request.path, status, size, body, authorized))
        if response is None:
            # Dropped: the client sees the connection closed without an answer; werkzeug's write then
            # fails with a BrokenPipeError, which it takes for a client gone away.
            environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            response = Response(status=500)
        return response(environ, start_response)

    def respond(self, request: Request, body) -> tuple[Response | None, bool]:
        """The answer (None: drop the connection) and whether the request was authenticated."""
        with self.lock:
            fault, latency = self.faults.pick(), self.faults.latency
        if latency:
            time.sleep(latency)
        if fault == "drop":
            return None, False
        if fault == 429:
            return self.rate_limited(), False
        if fault:
            message, category = SERVER_ERRORS.get(fault, ("internal error", "INTERNAL_ERROR"))
            return self.error(ErrorAnswer(fault, message, category)), False
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return self.error(ErrorAnswer(401, AUTH_MESSAGE, "INVALID_AUTHENTICATION")), False
        with self.lock:
            admitted, remaining = self.window.admit()
        if not admitted:
            return self.rate_limited(), True
        response = self.route(request, body)
        response.headers.update(self.window.headers(remaining))
        return response, True

    def rate_limited(self) -> Response:
        error = ErrorAnswer(
            429,
            "You have reached your ten_secondly_rolling limit.",
            "RATE_LIMITS",
            errorType="RATE_LIMIT",
            policyName="TEN_SECONDLY_ROLLING",
            groupName=f"publicapi:private_app-api-calls-ten-secondly:{PORTAL_ID}:{APP_ID}",
        )
        # HubSpot sends no Retry-After: the interval header says how long the window is.
        return self.error(error, headers=self.window.headers(0))

    def error(self, error: ErrorAnswer, spec_name: str = C, headers=None) -> Response:
        return self.json(error.status, error.body, spec_name, "Error", headers)

    def route(self, request: Request, body) -> Response:
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException as error:
            return self.error(ErrorAnswer(error.code, "resource not found", "OBJECT_NOT_FOUND"))
        route = ROUTES[endpoint]
        try:
            with self.lock:
                if route.scope in self.denied_scopes:
                    raise missing_scopes(route.scope)
            if route.method == "POST":
                self.check_request(route.spec, route.request, request, body)
            with self.lock:
                status, payload = getattr(self, f"do_{endpoint}")(body or {}, request.args, **args)
        except ErrorAnswer as error:
            return self.error(error, route.spec)
        if route.responses[status] is None:
            return Response(status=status)
        return self.json(status, payload, route.spec, route.responses[status])

    def check_request(self, spec_name: str, schema: str, request: Request, body) -> None:
        if not isinstance(body, dict):
            raise invalid(f"Invalid input JSON on line 1, column 1: {request.get_data(as_text=True)[:80]!r}")
        problems = spec.request_problems(spec_name, schema, body)
        if problems:
            raise invalid(f"Invalid input JSON: {'; '.join(problems)}")

    def json(self, status: int, payload: dict, spec_name: str, schema: str, headers=None) -> Response:
        problems = spec.response_problems(spec_name, schema, payload)
        if problems:
            with self.lock:
                self.violations += [f"{status} {schema}: {problem}" for problem in problems]
        headers = {"X-HubSpot-Correlation-Id": str(uuid.uuid4()), **(headers or {})}
        return Response(json.dumps(payload), status, headers, content_type="application/json;charset=utf-8")

    # Handlers: called under the lock with the JSON body, the query args and the URL's parts.

    def do_upsert(self, body: dict, args) -> tuple[int, dict]:
        started, inputs = iso(now()), batch_inputs(body)
        for item in inputs:
            if not item.get("id"):
                raise invalid("Invalid input JSON: every input needs an id")
            if item.get("idProperty") != "email":
                raise invalid(
                    f"Unable to perform upsert by {item.get('idProperty')}: the fake upserts by email only"
                )
        ids = [item["id"].lower() for item in inputs]
        duplicates = sorted({value for value in ids if ids.count(value) > 1})
        if duplicates:
            message = f"Duplicate IDs found in batch input: [{', '.join(duplicates)}]. IDs must be unique"
            raise invalid(message, context={"ids": duplicates})
        if not self.missing_per_input:
            self.check_names({name for item in inputs for name in item.get("properties") or {}})
        if self.whole_batch_values:
            self.check_values([{**(item.get("properties") or {}), "email": item["id"]} for item in inputs])
        results, errors = [], []
        for item in inputs:
            outcome = self.upsert_one(item)
            (results if "id" in outcome else errors).append(outcome)
        return batch(results, errors, started)

    def check_values(self, inputs: list[dict]) -> None:
        """A 400 for the whole batch when any input has a refused value, naming no input."""
        problems = [problem for properties in inputs for problem in self.store.value_errors(properties)]
        if problems:
            message, details = property_errors(problems)
            raise invalid(message, errors=details)

    def upsert_one(self, item: dict) -> dict:
        """One input of an upsert: the contact written, or the error for its unknown properties (when
        refused per input) or refused values."""
        properties = {**(item.get("properties") or {}), "email": item["id"]}
        trace = {"objectWriteTraceId": item["objectWriteTraceId"]} if "objectWriteTraceId" in item else {}
        problems = self.store.unknown(properties) or self.store.value_errors(properties)
        if problems:
            message, details = property_errors(problems)
            context = {"ids": [item["id"]], **{key: [value] for key, value in trace.items()}}
            return batch_error("VALIDATION_ERROR", message, context, details)
        existing = self.store.find(item["id"])
        contact = self.store.write(existing, properties)
        names = sorted({*properties, "hs_object_id", "createdate", "lastmodifieddate"})
        return contact.as_object(names, new=existing is None, **trace)

    def check_names(self, names: set[str]) -> None:
        """The whole request refused (400) when it names a property the portal does not have."""
        unknown = self.store.unknown(names)
        if unknown:
            message, details = property_errors(unknown)
            raise invalid(message, errors=details, context={"propertyName": [name for name, *_ in unknown]})

    def do_read(self, body: dict, args) -> tuple[int, dict]:
        started, inputs = iso(now()), batch_inputs(body)
        by = body.get("idProperty")
        if by not in (None, "hs_object_id", "email"):
            raise invalid(f"Unable to read by {by}: the fake reads by id or email only")
        names = body.get("properties") or DEFAULT_READ
        results, missing = [], []
        for item in inputs:
            key = str(item.get("id", ""))
            contact = self.store.find(key) if by == "email" else self.store.contacts.get(key)
            if contact:
                results.append(contact.as_object(names))
            else:
                missing.append(key)
        errors = [batch_error("OBJECT_NOT_FOUND", NOT_FOUND_IN_BATCH, {"ids": missing})] if missing else []
        return batch(results, errors, started)

    def do_create(self, body: dict, args) -> tuple[int, dict]:
        properties = body.get("properties") or {}
        self.check_names(set(properties))
        problems = self.store.value_errors(properties)
        if problems:
            message, details = property_errors(problems)
            raise invalid(message, errors=details)
        existing = self.store.find(properties.get("email", "")) if properties.get("email") else None
        if existing:
            raise ErrorAnswer(409, f"Contact already exists. Existing ID: {existing.id}", "CONFLICT")
        contact = self.store.write(None, properties)
        return 201, contact.as_object()

    def do_get(self, body: dict, args, contact_id: str) -> tuple[int, dict]:
        by_email = args.get("idProperty") == "email"
        contact = self.store.find(contact_id) if by_email else self.store.contacts.get(contact_id)
        if not contact:
            raise ErrorAnswer(404, "resource not found", "OBJECT_NOT_FOUND")
        names = [name for value in args.getlist("properties") for name in value.split(",") if name]
        return 200, contact.as_object(names or DEFAULT_READ)

    def do_gdpr_delete(self, body: dict, args) -> tuple[int, None]:
        """Delete a contact for good, with its notes: by id (404 when there is none), or by email
        (``idProperty`` email: 204 also for an address it does not know, which it then blocks)."""
        object_id, by = str(body.get("objectId") or ""), body.get("idProperty")
        if not object_id:
            raise invalid("Invalid input JSON: objectId is required")
        if by not in (None, "hs_object_id", "email"):
            raise invalid(f"Unable to delete by {by}: the fake deletes by id or email only")
        contact = self.store.find(object_id) if by == "email" else self.store.contacts.get(object_id)
        if contact is None and by != "email":
            raise ErrorAnswer(404, "Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND")
        if contact is None:
            self.store.blocked.add(object_id.lower())
        else:
            self.store.remove(contact)
        return 204, None

    def do_properties(self, body: dict, args) -> tuple[int, dict]:
        return 200, {"results": list(self.store.properties.values())}

    def do_property(self, body: dict, args, name: str) -> tuple[int, dict]:
        if name not in self.store.properties:
            raise ErrorAnswer(404, f"Unable to find property {name} for object type 0-1", "OBJECT_NOT_FOUND")
        return 200, self.store.properties[name]

    def do_create_property(self, body: dict, args) -> tuple[int, dict]:
        return 201, self.new_property(body)

    def do_create_properties(self, body: dict, args) -> tuple[int, dict]:
        """Batch create: each input created or refused on its own (207 names the refused ones)."""
        started, results, errors = iso(now()), [], []
        for item in batch_inputs(body):
            try:
                results.append(self.new_property(item))
            except ErrorAnswer as error:
                context = {"name": [str(item.get("name"))]}
                errors.append(batch_error(error.body["category"], str(error), context))
        return batch(results, errors, started, ok=201)

    def new_property(self, body: dict) -> dict:
        """Define a contact property from a PropertyCreate, or raise HubSpot's answer for why not."""
        missing = [key for key in ("name", "label", "type", "fieldType", "groupName") if not body.get(key)]
        if missing:
            raise invalid(f"Invalid input JSON: missing required fields {missing}")
        if body["name"] in self.store.properties:
            raise ErrorAnswer(
                409, f"Property named '{body['name']}' already exists.", "OBJECT_ALREADY_EXISTS"
            )
        if body["groupName"] not in self.store.groups:
            raise invalid(f"Property group {body['groupName']} does not exist.")
        keys = ("description", "displayOrder", "hasUniqueValue", "hidden", "formField")
        extra = {key: body[key] for key in keys if key in body}
        options = [{"hidden": False, **option} for option in body.get("options", [])]
        return self.store.add_property(
            body["name"],
            body["label"],
            body["type"],
            body["fieldType"],
            body["groupName"],
            options=options,
            **extra,
        )

    def do_groups(self, body: dict, args) -> tuple[int, dict]:
        return 200, {"results": list(self.store.groups.values())}

    def do_create_group(self, body: dict, args) -> tuple[int, dict]:
        if not body.get("name") or not body.get("label"):
            raise invalid("Invalid input JSON: missing required fields name and label")
        if body["name"] in self.store.groups:
            raise ErrorAnswer(
                409, f"Property group named '{body['name']}' already exists.", "OBJECT_ALREADY_EXISTS"
            )
        return 201, self.store.add_group(body["name"], body["label"], body.get("displayOrder", -1))
