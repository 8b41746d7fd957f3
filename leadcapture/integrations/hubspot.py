"""HubSpot through the official hubspot-api-client: batch upserts of contacts, our properties, notes,
GDPR deletes.

Every failure is turned into one of a few exceptions the sync job knows how to handle
(``hubspot_errors``); property setup (``hubspot_setup``) retries in place, nothing else does.
"""

import itertools
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import urllib3
from hubspot import HubSpot
from hubspot.crm.contacts import ApiException as ContactsApiException
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputUpsert,
    SimplePublicObjectBatchInputUpsert,
)
from hubspot.crm.objects.notes import ApiException as NotesApiException
from hubspot.crm.properties import ApiException as PropertiesApiException

from leadcapture.integrations import hubspot_gdpr, hubspot_notes, hubspot_setup
from leadcapture.integrations.hubspot_errors import (
    CONTACTS_WRITE,
    REQUIRED_SCOPES,
    BatchRejected,
    CredentialsRejected,
    HubSpotError,
    RateLimited,
    TransientError,
    translated,
)
from leadcapture.integrations.hubspot_setup import properties_fingerprint

__all__ = [
    "REQUIRED_SCOPES",
    "BatchRejected",
    "CredentialsRejected",
    "HubSpotError",
    "HubSpotGateway",
    "RateLimited",
    "TransientError",
    "UpsertResult",
    "properties_fingerprint",
]
BATCH_LIMIT = 100
API_EXCEPTIONS = (ContactsApiException, PropertiesApiException, NotesApiException)
# Retrying in place (property setup): at most TRIES requests, waits doubling from BACKOFF_BASE_SECONDS
# up to BACKOFF_CAP_SECONDS (with jitter); a 429 waits what HubSpot says unless that is longer than
# MAX_RATE_LIMIT_WAIT_SECONDS (the daily limit), which is left to the caller.
TRIES = 6
BACKOFF_BASE_SECONDS = 1.0
BACKOFF_CAP_SECONDS = 8.0
MAX_RATE_LIMIT_WAIT_SECONDS = 60.0


@dataclass
class UpsertResult:
    """Contact ids by the trace id we sent, HubSpot's message for each input it refused, and the inputs
    it refused because they name a property it does not have (create ours, then send them again)."""

    contact_ids: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    missing_property: set[str] = field(default_factory=set)


class HubSpotGateway:
    """One client (and so one connection pool per API) per gateway; keep the gateway."""

    def __init__(
        self,
        token: str,
        base_url: str,
        throttle: Callable[[], None] = lambda: None,
        timeout: tuple[float, float] = (3.0, 15.0),
        sleep: Callable[[float], None] = time.sleep,
    ):
        """``throttle`` is called before every request (a shared rate limiter); ``timeout`` is
        (connect, read) seconds; ``sleep`` waits between tries of a request retried in place."""
        client = HubSpot(access_token=token, host=base_url, base_url=base_url, retry=urllib3.Retry(0))
        self.throttle = throttle
        self.timeout = timeout
        self.sleep = sleep
        # Each access of these client attributes builds a new API object (and pool): keep them.
        self.contacts = client.crm.contacts.batch_api
        self.contact_objects = client.crm.contacts.basic_api
        self.properties = client.crm.properties.core_api
        self.property_batches = client.crm.properties.batch_api
        self.groups = client.crm.properties.groups_api
        self.notes = client.crm.objects.notes.basic_api
        self.note_search = client.crm.objects.notes.search_api

    def upsert_contacts(self, contacts: dict[str, dict[str, str]]) -> UpsertResult:
        """Upsert contacts by email; ``contacts`` maps a trace id (our lead id) to properties.

        Raises BatchRejected (with ``traces`` set when HubSpot names some of our inputs) for a 4xx of the
        whole batch, and the other HubSpotErrors; not retried here (an upsert can be sent again)."""
        inputs = [
            SimplePublicObjectBatchInputUpsert(
                id_property="email",
                id=properties["email"],
                object_write_trace_id=trace,
                properties=properties,
            )
            for trace, properties in contacts.items()
        ]
        by_email = {properties["email"].lower(): trace for trace, properties in contacts.items()}
        try:
            response = self.call(
                CONTACTS_WRITE,
                self.contacts.upsert,
                BatchInputSimplePublicObjectBatchInputUpsert(inputs=inputs),
            )
        except BatchRejected as error:
            error.traces = _traces_of(error, contacts)
            raise
        result = UpsertResult()
        for item in response.results or []:
            trace = item.object_write_trace_id or by_email.get(
                (item.properties or {}).get("email", "").lower()
            )
            if trace:
                result.contact_ids[trace] = item.id
        for error in getattr(response, "errors", None) or []:
            traces = _traces_of(error, contacts)
            if _names_missing_property(error):
                result.missing_property.update(traces)
            else:
                result.errors.update(dict.fromkeys(traces, error.message))
        return result

    def ensure_properties(self) -> list[str]:
        """Create our property group and those of our contact properties HubSpot lacks, in a few
        requests, each retried in place; the names created now (see ``hubspot_setup``)."""
        return hubspot_setup.ensure_properties(self)

    def delete_contact(self, email: str, contact_id: str | None) -> None:
        """Delete a contact for good (GDPR), by id or else by email; one already gone is no error
        (see ``hubspot_gdpr``). Not retried in place."""
        hubspot_gdpr.delete_contact(self, email, contact_id)

    def create_note(self, contact_id: str, body: str, timestamp: datetime) -> str:
        """Create a note on a contact; its HubSpot id. Never retried: on TransientError the note may
        exist, so look for it with ``find_note`` before creating it again."""
        return hubspot_notes.create_note(self, contact_id, body, timestamp)

    def find_note(self, contact_id: str, body: str, timestamp: datetime) -> str | None:
        """The id of the contact's note with this body and timestamp, or None."""
        return hubspot_notes.find_note(self, contact_id, body, timestamp)

    def call(self, scope: str, method, *args, retry: bool = False, **kwargs):
        """``method(*args)`` with our timeout, HubSpot's failures translated (``scope``: the private-app
        scope the call needs, named when it is refused). With ``retry``, 429s, 5xx, timeouts and dropped
        connections are retried in place; TransientError once TRIES tries failed."""
        for attempt in itertools.count(1):
            try:
                return self._request(scope, method, *args, **kwargs)
            except (RateLimited, TransientError) as error:
                delay = _retry_delay(error, attempt) if retry else None
                if delay is None:
                    raise
                if attempt == TRIES:
                    raise TransientError(f"HubSpot still failing after {TRIES} tries: {error}") from error
                self.sleep(delay)

    def _request(self, scope: str, method, *args, **kwargs):
        self.throttle()
        try:
            return method(*args, _request_timeout=self.timeout, **kwargs)
        except API_EXCEPTIONS as error:
            raise translated(error, scope) from None
        except (urllib3.exceptions.HTTPError, OSError) as error:
            raise TransientError(f"HubSpot unreachable: {error}") from None


def _retry_delay(error: HubSpotError, attempt: int) -> float | None:
    """Seconds to wait before the next try, or None to give the failure to the caller."""
    if isinstance(error, RateLimited):
        return error.wait_seconds if error.wait_seconds <= MAX_RATE_LIMIT_WAIT_SECONDS else None
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _names_missing_property(error) -> bool:
    """Whether an error of a 207 answer refuses its input for a property HubSpot does not have."""
    codes = [detail.code for detail in error.errors or []]
    return "PROPERTY_DOESNT_EXIST" in codes or "PROPERTY_DOESNT_EXIST" in (error.message or "")


def _traces_of(error, contacts: dict[str, dict[str, str]]) -> list[str]:
    """The trace ids an error (of a 207 answer, or BatchRejected) is about: those its context names,
    and those of every input with an email it names (one email may be in several inputs)."""
    context = error.context or {}
    emails = {value.lower() for value in context.get("ids", []) + context.get("id", [])}
    traces = list(context.get("objectWriteTraceId", []))
    traces += [
        trace
        for trace, properties in contacts.items()
        if properties["email"].lower() in emails and trace not in traces
    ]
    return traces
