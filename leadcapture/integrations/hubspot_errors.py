"""Failures of HubSpot calls as the few exceptions the sync job handles; the scopes each call needs."""

import json

DEFAULT_BACKOFF_SECONDS = 10.0
DAILY_LIMIT_WAIT_SECONDS = 3600.0
# The private-app scopes our calls need (HubSpot's specs list them per operation; notes are guarded by
# the contact scopes).
SCHEMAS_READ = "crm.schemas.contacts.read"  # read contact properties
SCHEMAS_WRITE = "crm.schemas.contacts.write"  # create contact properties and property groups
CONTACTS_READ = "crm.objects.contacts.read"  # read and search contacts and notes
CONTACTS_WRITE = "crm.objects.contacts.write"  # upsert contacts, create notes
REQUIRED_SCOPES = (SCHEMAS_READ, SCHEMAS_WRITE, CONTACTS_READ, CONTACTS_WRITE)


class HubSpotError(Exception):
    """Base of the failures the sync job handles."""


class CredentialsRejected(HubSpotError):
    """401/403: the token is wrong or lacks scopes. Retrying will not help until it is fixed.

    ``scopes``: the private-app scopes the refused call needs (ours, then any HubSpot named)."""

    def __init__(self, message: str, scopes: tuple[str, ...] = ()):
        super().__init__(message)
        self.scopes = scopes


class RateLimited(HubSpotError):
    """429: wait ``wait_seconds`` and try again; not a failure of the rows."""

    def __init__(self, wait_seconds: float, message: str):
        super().__init__(message)
        self.wait_seconds = wait_seconds


class TransientError(HubSpotError):
    """5xx, timeouts, connection errors: retry with backoff."""


class BatchRejected(HubSpotError):
    """A 4xx for the whole request (e.g. a property HubSpot does not know); ``status`` is HubSpot's.

    ``context`` is HubSpot's error context (e.g. ``{"ids": [...]}``); ``traces`` the trace ids of our
    inputs it names, when the caller could tell (empty: nothing points at particular inputs)."""

    def __init__(self, status: int, message: str, context: dict | None = None):
        super().__init__(message)
        self.status = status
        self.context = context or {}
        self.traces: list[str] = []

    @property
    def missing_property(self) -> bool:
        """HubSpot does not know a property we sent (ours are created on this answer)."""
        return "PROPERTY_DOESNT_EXIST" in str(self)


def translated(error, scope: str) -> HubSpotError:
    """The exception for a client's ApiException of a call that needs the private-app ``scope``."""
    status, body = error.status or 0, _body(error)
    message = body.get("message") or str(error.reason)
    if status in (401, 403):
        scopes = tuple(dict.fromkeys([scope, *_named_scopes(body)]))
        return CredentialsRejected(
            f"HubSpot credentials rejected ({status}): {message} "
            f"This call needs the private-app scope {', '.join(scopes)}.",
            scopes,
        )
    if status == 429:
        return RateLimited(_wait_seconds(error.headers or {}, error.body), message)
    if status >= 500 or status == 0:
        return TransientError(f"HubSpot {status}: {message}")
    missing = " (PROPERTY_DOESNT_EXIST)" if "PROPERTY_DOESNT_EXIST" in (error.body or "") else ""
    return BatchRejected(status, f"HubSpot {status}: {message}{missing}", body.get("context"))


def _body(error) -> dict:
    try:
        body = json.loads(error.body)
    except (TypeError, ValueError):
        return {}
    return body if isinstance(body, dict) else {}


def _named_scopes(body: dict) -> list[str]:
    """The scopes a 403 body names (MISSING_SCOPES: in its errors' or its own context)."""
    contexts = [body.get("context") or {}] + [
        detail.get("context") or {} for detail in body.get("errors") or []
    ]
    return [
        scope
        for context in contexts
        for key in ("requiredGranularScopes", "requiredScopes", "missingScopes")
        for scope in context.get(key) or []
    ]


def _wait_seconds(headers, body) -> float:
    """How long to wait after a 429: Retry-After when sent; an hour for the daily limit; else a
    tenth of the rolling window (it frees up continuously; another 429 just waits again)."""
    lowered = {key.lower(): value for key, value in dict(headers).items()}
    if "retry-after" in lowered:
        try:
            return max(float(lowered["retry-after"]), 0.5)
        except ValueError:
            pass
    if '"DAILY"' in (body or ""):
        return DAILY_LIMIT_WAIT_SECONDS
    try:
        return max(float(lowered["x-hubspot-ratelimit-interval-milliseconds"]) / 10_000, 0.2)
    except (KeyError, ValueError):
        return DEFAULT_BACKOFF_SECONDS
