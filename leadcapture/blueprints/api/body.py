"""Parsing JSON request bodies into the SPEC's error shape on failure."""

import json
import math
import re

from flask import request

from leadcapture.blueprints.errors import ApiError
from leadcapture.tracking import is_valid_visitor_id

# text/plain is what navigator.sendBeacon sends without a CORS preflight.
JSON_CONTENT_TYPES = ("application/json", "text/plain")
# PostgreSQL cannot store NUL in text or JSONB: refuse it at the door instead of failing later.
NUL_ESCAPE = re.compile(rb"\\u0000", re.IGNORECASE)
# Nor a lone UTF-16 surrogate (a pair is one character): a body with an escaped one is checked whole.
SURROGATE_ESCAPE = re.compile(rb"\\ud[89a-f]", re.IGNORECASE)
# Objects and arrays inside each other, the body itself included. Python's own limit is no bound:
# 3.11's parser stopped near 1,000, 3.13's takes 5,000 and more.
MAX_NESTING = 100
TOO_DEEP = f"The body is nested too deeply (at most {MAX_NESTING} objects and arrays inside each other)."


def json_object() -> dict:
    """The request body as a JSON object, or an ApiError (415, 400) saying what is wrong."""
    if request.mimetype not in JSON_CONTENT_TYPES:
        raise ApiError(415, "Send the body as application/json.")
    raw = request.get_data(cache=False) or b""
    try:
        body = json.loads(raw, parse_constant=_refuse_constant, parse_float=_finite_float)
        if SURROGATE_ESCAPE.search(raw):
            json.dumps(body, ensure_ascii=False).encode()  # fails on a lone surrogate
    except UnicodeEncodeError:
        raise ApiError(
            400, "The body may not contain unpaired UTF-16 surrogates (\\ud800-\\udfff)."
        ) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, f"The body is not valid JSON: {error}") from None
    except RecursionError:
        raise ApiError(400, TOO_DEEP) from None
    if raw.count(b"[") + raw.count(b"{") > MAX_NESTING and _nesting(body) > MAX_NESTING:
        raise ApiError(400, TOO_DEEP)
    if NUL_ESCAPE.search(raw):
        raise ApiError(400, "The body may not contain NUL characters (\\u0000).")
    if not isinstance(body, dict):
        raise ApiError(400, "The body must be a JSON object.")
    return body


def _nesting(value) -> int:
    """How many objects and arrays deep ``value`` goes, walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in value)
    return deepest


def _refuse_constant(name: str):
    """Python's json accepts NaN and Infinity; JSON (and PostgreSQL) do not."""
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    """A JSON number as a float; one too large for a double (1e400) is refused, not made infinite."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range")
    return value


def visitor_id_from(body: dict) -> str | None:
    """The ``visitor_id`` a headless client sent, validated; None when absent."""
    value = body.get("visitor_id")
    if value is None:
        return None
    if not is_valid_visitor_id(value):
        raise ApiError(
            422,
            "visitor_id is not valid.",
            {"visitor_id": "8 to 64 letters, digits, '_' or '-'."},
        )
    return value


def analytics_consent_from(body: dict) -> bool | None:
    """What a headless client says about the visitor's analytics consent; None when absent."""
    value = body.get("analytics_consent")
    if value is None or isinstance(value, bool):
        return value
    raise ApiError(
        422, "analytics_consent must be true or false.", {"analytics_consent": "Must be true or false."}
    )


def optional_string(body: dict, name: str) -> str | None:
    """``body[name]`` when it is a string, None when absent; ApiError 422 otherwise."""
    value = body.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ApiError(422, f"{name} must be a string.", {name: "Must be a string."})


def optional_utm(body: dict) -> dict:
    """The ``utm`` object of a headless client: string values only."""
    utm = body.get("utm") or {}
    if not isinstance(utm, dict) or not all(isinstance(v, str) for v in utm.values()):
        raise ApiError(422, "utm must be an object of strings.", {"utm": "Must be an object of strings."})
    return utm


def beacon_object() -> dict:
    """A body that may come from ``navigator.sendBeacon``: JSON (as text/plain too), form data, or
    nothing at all (an empty object)."""
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.form.to_dict()
    if not request.content_length and not request.mimetype:
        return {}
    return json_object()
