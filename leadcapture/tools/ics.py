"""The .ics calendar file of a booking, written by the icalendar package (RFC 5545 escaping and folding)."""

import uuid
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from leadcapture.tools.booking_slots import to_naive_utc

PRODID = "-//LeadCapture//Appointment booking//EN"


def ics_for_booking(
    booking_id: int | str,
    procedure_name: str,
    slot_start: datetime,
    slot_minutes: int,
    clinic_name: str,
    location: str | None = None,
) -> bytes:
    """A calendar with the booking as one confirmed event in UTC; ``slot_start`` naive UTC (or aware).

    The UID is stable per clinic and booking, so downloading the file again updates the same event.
    """
    start = to_naive_utc(slot_start).replace(tzinfo=UTC)
    event = Event.new(
        uid=uuid.uuid5(uuid.NAMESPACE_URL, f"leadcapture:{clinic_name}:booking:{booking_id}"),
        start=start,
        end=start + timedelta(minutes=slot_minutes),
        summary=f"{procedure_name} at {clinic_name}",
        description=f"Booking reference: {booking_id}",
        location=location,
        status="CONFIRMED",
    )
    return Calendar.new(prodid=PRODID, method="PUBLISH", subcomponents=[event]).to_ical()
