"""The fake's in-memory HubSpot: contacts, notes, contact properties and groups, the rate-limit window,
faults."""

import collections
import datetime
import itertools
import random
import re
import time
from dataclasses import dataclass, field

# hs_lead_status and lifecyclestage are enumerations in HubSpot; their internal values.
LEAD_STATUSES = [
    "NEW",
    "OPEN",
    "IN_PROGRESS",
    "OPEN_DEAL",
    "UNQUALIFIED",
    "ATTEMPTED_TO_CONTACT",
    "CONNECTED",
    "BAD_TIMING",
]
LIFECYCLE_STAGES = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity"]
LIFECYCLE_STAGES += ["customer", "evangelist", "other"]
# A slice of HubSpot's default contact properties: name -> (label, type, fieldType, group, options).
DEFAULT_PROPERTIES = {
    "email": ("Email", "string", "text", "contactinformation", None),
    "firstname": ("First Name", "string", "text", "contactinformation", None),
    "lastname": ("Last Name", "string", "text", "contactinformation", None),
    "phone": ("Phone Number", "string", "phonenumber", "contactinformation", None),
    "mobilephone": ("Mobile Phone Number", "string", "phonenumber", "contactinformation", None),
    "company": ("Company Name", "string", "text", "contactinformation", None),
    "jobtitle": ("Job Title", "string", "text", "contactinformation", None),
    "website": ("Website URL", "string", "text", "contactinformation", None),
    "city": ("City", "string", "text", "contactinformation", None),
    "country": ("Country/Region", "string", "text", "contactinformation", None),
    "message": ("Message", "string", "textarea", "contactinformation", None),
    "hs_lead_status": ("Lead Status", "enumeration", "radio", "sales_properties", LEAD_STATUSES),
    "lifecyclestage": ("Lifecycle Stage", "enumeration", "radio", "contactinformation", LIFECYCLE_STAGES),
    "hs_object_id": ("Record ID", "number", "number", "contactinformation", None),
    "createdate": ("Create Date", "datetime", "date", "contactinformation", None),
    "lastmodifieddate": ("Last Modified Date", "datetime", "date", "contactinformation", None),
}
DEFAULT_GROUPS = {"contactinformation": "Contact information", "sales_properties": "Sales properties"}
# What GET /contacts/{id} answers with when no properties are asked for, as HubSpot does.
DEFAULT_READ = ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z0-9-]{2,}")


def now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def iso(moment: datetime.datetime) -> str:
    """HubSpot's timestamps: UTC, milliseconds, Z."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def valid_email(value: str) -> bool:
    return bool(EMAIL.fullmatch(value))


def property_definition(name, label, kind="string", field_type="text", group="contactinformation", **extra):
    """A Property as HubSpot answers it (every field the spec requires)."""
    stamp = iso(now())
    return {
        "name": name,
        "label": label,
        "type": kind,
        "fieldType": field_type,
        "groupName": group,
        "description": extra.get("description", ""),
        "options": extra.get("options", []),
        "displayOrder": extra.get("displayOrder", -1),
        "calculated": False,
        "externalOptions": False,
        "hasUniqueValue": extra.get("hasUniqueValue", False),
        "hidden": extra.get("hidden", False),
        "formField": extra.get("formField", False),
        "hubspotDefined": extra.get("hubspotDefined", False),
        "archived": False,
        "createdAt": stamp,
        "updatedAt": stamp,
        "modificationMetadata": {
            "archivable": not extra.get("hubspotDefined", False),
            "readOnlyDefinition": extra.get("hubspotDefined", False),
            "readOnlyValue": name in ("hs_object_id", "createdate", "lastmodifieddate"),
        },
    }


def unknown_properties(names, known) -> list[tuple[str, str, str]]:
    """(name, PROPERTY_DOESNT_EXIST, message) for each of ``names`` not in ``known``, sorted."""
    return [
        (name, "PROPERTY_DOESNT_EXIST", f'Property "{name}" does not exist')
        for name in sorted(set(names) - set(known))
    ]


def _option(value: str, order: int) -> dict:
    return {"label": value.replace("_", " ").title(), "value": value, "displayOrder": order, "hidden": False}


@dataclass
class Contact:
    id: str
    properties: dict[str, str]
    created_at: datetime.datetime
    updated_at: datetime.datetime

    def as_object(self, names=None, **extra) -> dict:
        """SimplePublicObject: the named properties that have a value (HubSpot sends null for the rest,
        which its own spec does not allow, so they are left out)."""
        chosen = self.properties if names is None else {n: self.properties[n] for n in names if n in self}
        return {
            "id": self.id,
            "properties": dict(chosen),
            "createdAt": iso(self.created_at),
            "updatedAt": iso(self.updated_at),
            "archived": False,
            **extra,
        }

    def __contains__(self, name: str) -> bool:
        return name in self.properties


@dataclass
class Note(Contact):
    """A note and the ids of the contacts it is associated with."""

    contacts: list[str] = field(default_factory=list)


@dataclass
class Store:
    """Contacts by id and by lower-cased email, notes by id, contact properties and property groups,
    addresses blocked by GDPR deletes."""

    contacts: dict[str, Contact] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    by_email: dict[str, str] = field(default_factory=dict)
    properties: dict[str, dict] = field(default_factory=dict)
    groups: dict[str, dict] = field(default_factory=dict)
    ids: itertools.count = field(default_factory=lambda: itertools.count(101))
    # Addresses a GDPR delete by email named (HubSpot blocks them from being used again).
    blocked: set[str] = field(default_factory=set)

    def __post_init__(self):
        for name, label in DEFAULT_GROUPS.items():
            self.add_group(name, label)
        for name, (label, kind, field_type, group, options) in DEFAULT_PROPERTIES.items():
            options = [_option(value, order) for order, value in enumerate(options or [])]
            self.add_property(name, label, kind, field_type, group, options=options, hubspotDefined=True)

    def add_group(self, name: str, label: str, display_order: int = -1) -> dict:
        self.groups[name] = {"name": name, "label": label, "displayOrder": display_order, "archived": False}
        return self.groups[name]

    def add_property(self, name: str, label: str, *args, **extra) -> dict:
        self.properties[name] = property_definition(name, label, *args, **extra)
        return self.properties[name]

    def find(self, email: str) -> Contact | None:
        contact_id = self.by_email.get(email.lower())
        return self.contacts.get(contact_id) if contact_id else None

    def write(self, contact: Contact | None, properties: dict[str, str]) -> Contact:
        """Create (``contact`` None) or update a contact; emails are kept lower-cased."""
        moment = now()
        if contact is None:
            contact_id = str(next(self.ids))
            contact = self.contacts[contact_id] = Contact(contact_id, {}, moment, moment)
            contact.properties.update(hs_object_id=contact_id, createdate=iso(moment))
        contact.properties.update(properties, lastmodifieddate=iso(moment))
        contact.updated_at = moment
        if "email" in properties:
            contact.properties["email"] = properties["email"].lower()
            self.by_email[contact.properties["email"]] = contact.id
        return contact

    def remove(self, contact: Contact) -> None:
        """Delete a contact and the notes associated with it alone."""
        del self.contacts[contact.id]
        self.by_email = {email: key for email, key in self.by_email.items() if key != contact.id}
        for note_id, note in list(self.notes.items()):
            if note.contacts == [contact.id]:
                del self.notes[note_id]

    def unknown(self, names) -> list[tuple[str, str, str]]:
        """The problems of ``names`` that are no contact property (see ``unknown_properties``)."""
        return unknown_properties(names, self.properties)

    def value_errors(self, properties: dict[str, str]) -> list[tuple[str, str, str]]:
        """(name, HubSpot's error code, message) for each value its property refuses."""
        return [
            (name, *found) for name, value in properties.items() if (found := self.value_error(name, value))
        ]

    def value_error(self, name: str, value: str) -> tuple[str, str] | None:
        if self.properties[name]["modificationMetadata"]["readOnlyValue"]:
            return "READ_ONLY_VALUE", f"{name} is a read only property; its value cannot be set"
        if name == "email" and not valid_email(value):
            return "INVALID_EMAIL", f"Email address {value} is invalid"
        allowed = [option["value"] for option in self.properties[name]["options"]]
        if self.properties[name]["type"] == "enumeration" and value not in allowed:
            return "INVALID_OPTION", f"{value} was not one of the allowed options: [{', '.join(allowed)}]"
        return None


class RateWindow:
    """HubSpot's rolling window: at most ``limit`` admitted requests in any ``interval`` seconds."""

    def __init__(self, limit: int = 100, interval: float = 10.0, clock=time.monotonic):
        self.limit, self.interval, self.clock = limit, interval, clock
        self.admitted: collections.deque[float] = collections.deque()

    def admit(self) -> tuple[bool, int]:
        """Whether one more request is admitted now, and how many remain after it."""
        moment = self.clock()
        while self.admitted and self.admitted[0] <= moment - self.interval:
            self.admitted.popleft()
        if len(self.admitted) >= self.limit:
            return False, 0
        self.admitted.append(moment)
        return True, self.limit - len(self.admitted)

    def headers(self, remaining: int) -> dict[str, str]:
        return {
            "X-HubSpot-RateLimit-Max": str(self.limit),
            "X-HubSpot-RateLimit-Remaining": str(remaining),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(self.interval * 1000)),
        }


@dataclass
class Faults:
    """Failures injected before authentication, as a gateway in front of HubSpot would produce."""

    latency: float = 0.0
    failure_rate: float = 0.0
    failure_statuses: tuple[int, ...] = (500, 502, 503)
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    fail_next: list[int] = field(default_factory=list)
    drop_next: int = 0

    def pick(self) -> int | str | None:
        """The status to fail this request with, "drop" to drop its connection, or None."""
        if self.drop_next:
            self.drop_next -= 1
            return "drop"
        if self.fail_next:
            return self.fail_next.pop(0)
        if self.failure_rate and self.rng.random() < self.failure_rate:
            return self.rng.choice(self.failure_statuses)
        return None
