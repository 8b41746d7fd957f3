"""Appointment booking: the visitor's request, validated; slots and the .ics file live beside it.

``booking_slots`` has the clinic hours and the slot grid, ``ics`` the calendar file; both are
re-exported here so the booking service needs one import.
"""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints, ValidationInfo, field_validator

from leadcapture.contact_fields import blank_is_absent, email_field, phone_field
from leadcapture.tools.booking_slots import (
    ClinicHours,
    SlotError,
    available_slots,
    to_naive_utc,
    validate_slot,
)
from leadcapture.tools.ics import ics_for_booking
from leadcapture.tools.validation import known_procedure

__all__ = [
    "BookingInput",
    "ClinicHours",
    "SlotError",
    "available_slots",
    "ics_for_booking",
    "validate_slot",
]


class BookingInput(BaseModel):
    """A booking request; validate with ``context=input_context(catalog, phone_region)``.

    ``slot`` comes out naive UTC (an offset is converted, a naive time is taken as UTC); ``email`` and
    ``phone`` (E.164) normalised as leads store them; an empty phone or notes field counts as absent.
    """

    procedure: str
    slot: datetime
    email: str
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    phone: str | None = None
    notes: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None = None

    @field_validator("procedure")
    @classmethod
    def _known(cls, procedure_id: str, info: ValidationInfo) -> str:
        return known_procedure(procedure_id, info).id

    @field_validator("slot")
    @classmethod
    def _naive_utc(cls, slot: datetime) -> datetime:
        try:
            return to_naive_utc(slot)
        except OverflowError:
            raise ValueError("That time is out of range.") from None

    _email = field_validator("email")(email_field)
    _blank_is_absent = field_validator("phone", "notes", mode="before")(blank_is_absent)
    _e164 = field_validator("phone")(phone_field)
