"""HubSpot's answer shapes the fake's endpoints share: error bodies, batch answers and batch input rules."""

import json
import uuid

from tests.fake_hubspot.state import iso, now

BATCH_LIMIT = 100
# HubSpot's 403 for a private app without a scope the endpoint needs.
MISSING_SCOPES_MESSAGE = (
    "This app hasn't been granted all required scopes to make this call. "
    "Read more about required scopes here: https://developers.hubspot.com/scopes."
)


class ErrorAnswer(Exception):
    """An error answer in HubSpot's shape (the Error schema, plus the "status" HubSpot adds)."""

    def __init__(self, status: int, message: str, category: str, **extra):
        super().__init__(message)
        self.status = status
        self.body = {"status": "error", "message": message, "correlationId": str(uuid.uuid4())}
        self.body.update(category=category, **extra)


def invalid(message: str, **extra) -> ErrorAnswer:
    """HubSpot's 400 VALIDATION_ERROR."""
    return ErrorAnswer(400, message, "VALIDATION_ERROR", **extra)


def property_errors(problems: list[tuple[str, str, str]]) -> tuple[str, list[dict]]:
    """HubSpot's "Property values were not valid" message and error details for (name, code, message)."""
    described = [
        {"isValid": False, "message": text, "error": code, "name": name, "localizedErrorMessage": text}
        for name, code, text in problems
    ]
    details = [
        {"message": text, "code": code, "context": {"propertyName": [name]}} for name, code, text in problems
    ]
    return f"Property values were not valid: {json.dumps(described)}", details


def batch_error(category: str, message: str, context: dict, details: list | None = None) -> dict:
    """One error of a 207 answer (StandardError: the spec requires errors and links, even empty)."""
    return {
        "status": "error",
        "category": category,
        "message": message,
        "context": context,
        "errors": details or [],
        "links": {},
    }


def batch(results: list, errors: list, started: str, ok: int = 200) -> tuple[int, dict]:
    """A batch answer: ``ok`` when every input succeeded, else 207 with the errors."""
    body = {"status": "COMPLETE", "results": results, "startedAt": started, "completedAt": iso(now())}
    if errors:
        body.update(errors=errors, numErrors=len(errors))
    return (207 if errors else ok), body


def batch_inputs(body: dict) -> list[dict]:
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(item, dict) for item in inputs):
        raise invalid("Invalid input JSON: inputs must be a list of objects")
    if len(inputs) > BATCH_LIMIT:
        raise invalid(
            f"The maximum number of inputs supported in a batch request is {BATCH_LIMIT}. "
            "Please reduce the number of items and try again"
        )
    return inputs


def missing_scopes(scope: str) -> ErrorAnswer:
    """HubSpot's 403 when the app lacks ``scope``: the scopes it needs are in the first error's context."""
    detail = {
        "message": "One or more of the following scopes are required.",
        "context": {"requiredGranularScopes": [scope]},
    }
    links = {"scopes": "https://developers.hubspot.com/scopes"}
    return ErrorAnswer(403, MISSING_SCOPES_MESSAGE, "MISSING_SCOPES", errors=[detail], links=links)
