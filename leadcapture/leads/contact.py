"""Contact details as a visitor gave them, on their way to a lead (validated by
``leadcapture.contact_fields``)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContactDetails:
    """What a visitor gave; ``None`` means not given (never "erase what we know")."""

    email: str
    name: str | None = None
    phone: str | None = None
    company: str | None = None
    preferred_contact_time: str | None = None
    consent_marketing: bool = False
    consent_text: str | None = None
