"""Contact fields as visitors type them (email, phone, names): validated and normalised, for the tools' inputs
and the contact form alike."""

import phonenumbers
from email_validator import EmailNotValidError, validate_email


class ContactError(ValueError):
    """Invalid contact details; ``fields`` maps each bad field to a message."""

    def __init__(self, fields: dict[str, str]):
        super().__init__("; ".join(f"{name}: {message}" for name, message in fields.items()))
        self.fields = fields


def normalise_email(value: str) -> str:
    """The canonical form of an email address (one person, one lead); ContactError if invalid."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ContactError({"email": str(error)}) from None


def normalise_phone(value: str, default_region: str = "US") -> str:
    """The E.164 form of a phone number; ContactError if it is not a possible number."""
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException:
        raise ContactError({"phone": "That does not look like a phone number."}) from None
    if not phonenumbers.is_valid_number(number):
        raise ContactError({"phone": "That phone number is not valid."})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Pydantic field validators shared by every model that takes contact details
# (``_email = field_validator("email")(email_field)``).
def email_field(cls, email: str) -> str:
    """Pydantic validator: the normalised email, or a ValueError with the visitor-facing reason."""
    try:
        return normalise_email(email)
    except ContactError as error:
        raise ValueError(error.fields["email"]) from None


def phone_field(cls, phone: str | None, info) -> str | None:
    """Pydantic validator: E.164, for the validation context's ``phone_region`` (default US)."""
    if phone is None:
        return None
    try:
        return normalise_phone(phone, (info.context or {}).get("phone_region", "US"))
    except ContactError as error:
        raise ValueError(error.fields["phone"]) from None


def blank_is_absent(cls, value):
    """Pydantic before-validator: an empty text field counts as not given."""
    return None if isinstance(value, str) and not value.strip() else value
