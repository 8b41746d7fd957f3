"""The OpenAPI 3.1 document of the public API, generated from the pydantic models once per process."""

import functools
import tomllib
from pathlib import Path

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import models_json_schema

from leadcapture.apidoc.models import Error
from leadcapture.apidoc.operations import JSON, Operation, operations

SCHEMA_REF = "#/components/schemas/{model}"
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
DESCRIPTION = (
    "The public JSON API of LeadCapture, for the JavaScript tracker, headless clients and other sites. "
    "The visitor is the `lc_vid` cookie, or the `visitor_id` a body sends. With "
    "`TRACKING_CONSENT=required` a visitor is tracked only after allowing analytics: the `lc_consent` "
    "cookie set by the site's banner, or `analytics_consent: true` in the body. Errors are "
    '`{"error": {"code", "message", "fields"}}`; bad input is never answered with a 5xx.'
)
TAGS = [
    {"name": "tracking", "description": "Behaviour events from the JavaScript tracker."},
    {"name": "tools", "description": "The CTA tools: each use is recorded and scored."},
    {"name": "leads", "description": "The progressive contact form."},
    {"name": "feedback", "description": "Ratings and comments from visitors."},
    {"name": "privacy", "description": "A person's requests about their own data."},
    {"name": "prompts", "description": "Feedback prompts and the contact form: when to show, what was done."},
    {"name": "meta", "description": "This document."},
]
ERRORS = {
    400: "Malformed: not JSON, not an object, nested more than 100 deep, or with a value that cannot be "
    "stored (NUL, an unpaired UTF-16 surrogate, a number beyond a double).",
    401: "A cross-site request without a valid site API key.",
    403: "Signed-in staff and automated clients cannot do this.",
    404: "Not found.",
    409: "Conflict: the slot was booked meanwhile.",
    413: "The body, the batch or the uploaded file is too large.",
    415: "Unsupported media type: of the body, or of the uploaded file.",
    422: "Validation failed; fields has a message for each bad field.",
    429: "Rate limited: too many requests from this address.",
}
SECURITY_SCHEMES = {
    "siteApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "siteApiKeyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
}


@functools.cache
def openapi_document() -> dict:
    """The whole document; built on first use, then the same object (treat as read-only)."""
    ops = operations()
    refs, defs = models_json_schema(sorted(_models(ops), key=_model_key), ref_template=SCHEMA_REF)
    paths: dict[str, dict] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "LeadCapture", "version": app_version(), "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "tags": TAGS,
        "paths": paths,
        "components": {
            "schemas": defs["$defs"],
            "responses": {f"Error{status}": _error_response(text, refs) for status, text in ERRORS.items()},
            "securitySchemes": SECURITY_SCHEMES,
        },
    }


def app_version() -> str:
    """The project's version, from pyproject.toml."""
    with PYPROJECT.open("rb") as file:
        return tomllib.load(file)["project"]["version"]


def _models(ops: list[Operation]) -> set[tuple[type[BaseModel], str]]:
    """Request bodies in validation mode, answers in serialization mode."""
    bodies = {(model, "validation") for op in ops for model in op.body.values()}
    answers = {(model, "serialization") for op in ops for model, _ in op.answers.values()}
    return bodies | answers | {(Error, "serialization")}


def _model_key(pair: tuple[type[BaseModel], str]) -> tuple[str, str]:
    return pair[0].__name__, pair[1]


def _operation(op: Operation, refs: dict) -> dict:
    responses = {
        str(status): {"description": text, "content": {JSON: {"schema": refs[(model, "serialization")]}}}
        for status, (model, text) in op.answers.items()
    }
    responses |= {str(status): {"$ref": f"#/components/responses/Error{status}"} for status in op.errors}
    operation = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "tags": [op.tag],
    }
    if op.path_parameters:
        operation["parameters"] = [_path_parameter(*parameter) for parameter in op.path_parameters]
    if op.body:
        content = {media: {"schema": refs[(model, "validation")]} for media, model in op.body.items()}
        operation["requestBody"] = {"required": True, "content": content}
    if op.security:
        operation["security"] = [{}, *({scheme: []} for scheme in op.security)]
    return operation | {"responses": responses}


def _path_parameter(name: str, annotation: object, description: str) -> dict:
    schema = TypeAdapter(annotation).json_schema()
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


def _error_response(description: str, refs: dict) -> dict:
    return {"description": description, "content": {JSON: {"schema": refs[(Error, "serialization")]}}}
