"""HubSpot through the official hubspot-api-client: batch upserts of contacts and our properties.

Every failure is turned into one of a few exceptions the sync job knows how to handle.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import urllib3
from hubspot import HubSpot
from hubspot.crm.contacts import (
    ApiException as ContactsApiException,
)
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputUpsert,
    SimplePublicObjectBatchInputUpsert,
)
from hubspot.crm.properties import ApiException as PropertiesApiException
from hubspot.crm.properties import PropertyCreate, PropertyGroupCreate

from leadcapture.integrations.hubspot_properties import CUSTOM_PROPERTIES, GROUP

BATCH_LIMIT = 100
DEFAULT_BACKOFF_SECONDS = 10.0
DAILY_LIMIT_WAIT_SECONDS = 3600.0


class HubSpotError(Exception):
    """Base of the failures the sync job handles."""


class CredentialsRejected(HubSpotError):
    """401/403: the token is wrong or lacks scopes. Retrying will not help until it is fixed."""


class RateLimited(HubSpotError):
    """429: wait ``wait_seconds`` and try again; not a failure of the rows."""

    def __init__(self, wait_seconds: float, message: str):
        super().__init__(message)
        self.wait_seconds = wait_seconds


class TransientError(HubSpotError):
    """5xx, timeouts, connection errors: retry with backoff."""


class BatchRejected(HubSpotError):
    """A 4xx for the whole request (e.g. a property HubSpot does not know); ``status`` is HubSpot's."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    @property
    def missing_property(self) -> bool:
        """HubSpot does not know a property we sent (ours are created on this answer)."""
        return "PROPERTY_DOESNT_EXIST" in str(self)


@dataclass
class UpsertResult:
    """Contact ids by the trace id we sent, and HubSpot's message for each input it refused."""

    contact_ids: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


class HubSpotGateway:
    """One client (and so one connection pool) per gateway; keep the gateway."""

    def __init__(
        self,
        token: str,
        base_url: str,
        throttle: Callable[[], None] = lambda: None,
        timeout: tuple[float, float] = (3.0, 15.0),
    ):
        """``throttle`` is called before every request (a shared rate limiter)."""
        client = HubSpot(access_token=token, host=base_url, base_url=base_url, retry=urllib3.Retry(0))
        self.throttle = throttle
        self.timeout = timeout
        self.contacts = client.crm.contacts.batch_api
        self.properties = client.crm.properties.core_api
        self.groups = client.crm.properties.groups_api

    def upsert_contacts(self, contacts: dict[str, dict[str, str]]) -> UpsertResult:
        """Upsert contacts by email; ``contacts`` maps a trace id (our lead id) to properties."""
        inputs = [
            SimplePublicObjectBatchInputUpsert(
                id_property="email",
                id=properties["email"],
                object_write_trace_id=trace,
                properties=properties,
            )
            for trace, properties in contacts.items()
        ]
        response = self._call(
            self.contacts.upsert,
            BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs),
        )
        by_email = {properties["email"].lower(): trace for trace, properties in contacts.items()}
        result = UpsertResult()
        for item in response.results or []:
            trace = item.object_write_trace_id or by_email.get(
                (item.properties or {}).get("email", "").lower()
            )
            if trace:
                result.contact_ids[trace] = item.id
        for error in getattr(response, "errors", None) or []:
            for trace in _traces_of(error, by_email):
                result.errors[trace] = error.message
        return result

    def ensure_properties(self) -> list[str]:
        """Create our property group and custom properties where missing (409 means it exists)."""
        self._create_if_missing(
            self.groups.create, "contacts", PropertyGroupCreate(name=GROUP, label="LeadCapture")
        )
        created = []
        for name, (label, kind, field_type) in CUSTOM_PROPERTIES.items():
            definition = PropertyCreate(
                name=name, label=label, type=kind, field_type=field_type, group_name=GROUP
            )
            if self._create_if_missing(self.properties.create, "contacts", definition):
                created.append(name)
        return created

    def _create_if_missing(self, create, *args) -> bool:
        try:
            self._call(create, *args)
        except BatchRejected as error:
            if error.status == 409:
                return False
            raise
        return True

    def _call(self, method, *args):
        self.throttle()
        try:
            return method(*args, _request_timeout=self.timeout)
        except (ContactsApiException, PropertiesApiException) as error:
            raise _translated(error) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise TransientError(f"HubSpot unreachable: {error}") from None


def _translated(error) -> HubSpotError:
    status = error.status or 0
    message = _message(error)
    if status in (401, 403):
        return CredentialsRejected(f"HubSpot credentials rejected ({status}): {message}")
    if status == 429:
        return RateLimited(_wait_seconds(error.headers or {}, error.body), message)
    if status >= 500 or status == 0:
        return TransientError(f"HubSpot {status}: {message}")
    return BatchRejected(
        status,
        f"HubSpot {status}: {message}"
        + (" (PROPERTY_DOESNT_EXIST)" if "PROPERTY_DOESNT_EXIST" in (error.body or "") else ""),
    )


def _message(error) -> str:
    try:
        return json.loads(error.body).get("message") or str(error.reason)
    except (TypeError, ValueError, AttributeError):
        return str(error.reason)


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


def _traces_of(error, by_email: dict[str, str]) -> list[str]:
    """The trace ids an error of a 207 answer is about (from its context: ids or emails)."""
    context = error.context or {}
    traces = list(context.get("objectWriteTraceId", []))
    traces += [
        by_email[value.lower()]
        for value in context.get("ids", []) + context.get("id", [])
        if value.lower() in by_email
    ]
    return traces
