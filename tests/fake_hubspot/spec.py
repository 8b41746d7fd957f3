"""HubSpot's published OpenAPI specs as JSON Schema validators.

Responses are checked strictly: required fields, types, enums, formats (date-time, uuid, int32) and no
field the schema does not document, except the few that live HubSpot adds to its error bodies
(``LIVE_ERROR_EXTRAS``). Requests are checked loosely: types only, because the spec marks fields
required that the live API does not require (``associations`` on create, ``properties`` on batch read).
"""

import copy
import datetime
import functools
import json
import os
import re
import uuid
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker

# Copies of the published specs live in specs/ (see its README); HUBSPOT_SPEC_DIR points elsewhere.
SPEC_DIR = Path(os.environ.get("HUBSPOT_SPEC_DIR", Path(__file__).resolve().parent / "specs"))
SPECS = {"contacts": "contacts.v3.json", "properties": "properties.v3.json", "notes": "notes.v3.json"}
# Fields HubSpot sends in error bodies that the Error schema does not list (see the 401 and 429 bodies).
LIVE_ERROR_EXTRAS = ("status", "errorType", "policyName", "groupName")
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    return not isinstance(value, str) or bool(
        RFC3339.fullmatch(value) and datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    )


@FORMATS.checks("uuid", raises=ValueError)
def _uuid(value) -> bool:
    return not isinstance(value, str) or bool(uuid.UUID(value))


@FORMATS.checks("int32")
def _int32(value) -> bool:
    return not isinstance(value, int) or -(2**31) <= value < 2**31


def _strict(node):
    """Every documented object closed to undocumented fields."""
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _strict(value) for key, value in node.items()}
    if node.get("type") == "object" and "properties" in node:
        node.setdefault("additionalProperties", False)
    return node


def _loose(node):
    """No field required (types still checked)."""
    if isinstance(node, list):
        return [_loose(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: _loose(value) for key, value in node.items() if key != "required"}


@functools.cache
def _document(spec: str, strict: bool) -> dict:
    path = SPEC_DIR / SPECS[spec]
    if not path.is_file():
        raise RuntimeError(f"HubSpot's spec {path} is missing: set HUBSPOT_SPEC_DIR to a folder with them")
    document = json.loads(path.read_text())
    if not strict:
        return _loose(document)
    document = _strict(document)
    error = copy.deepcopy(document["components"]["schemas"]["Error"])
    error["properties"].update({name: {"type": "string"} for name in LIVE_ERROR_EXTRAS})
    document["components"]["schemas"]["Error"] = error
    return document


@functools.cache
def _validator(spec: str, schema: str, strict: bool) -> Draft4Validator:
    # The $ref sits beside the whole document, so "#/components/schemas/..." resolves inside it.
    root = {**_document(spec, strict), "$ref": f"#/components/schemas/{schema}"}
    return Draft4Validator(root, format_checker=FORMATS)


def _problems(validator: Draft4Validator, body) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(body)'}: {error.message}"
        for error in validator.iter_errors(body)
    ]


def response_problems(spec: str, schema: str, body) -> list[str]:
    """What in a response body breaks ``components/schemas/<schema>`` of the spec (strictly)."""
    return _problems(_validator(spec, schema, True), body)


def request_problems(spec: str, schema: str, body) -> list[str]:
    """What in a request body breaks the schema (loosely: types, not required fields)."""
    return _problems(_validator(spec, schema, False), body)
