"""Appointment booking: slots from the clinic's hours, one booking per slot, the lead at once, and
the booking's .ics download."""

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, current_app, url_for
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from leadcapture.alerts.hot_leads import booking_use, lead_booked
from leadcapture.cta.inputs import validated
from leadcapture.cta.outcome import ToolOutcome, complete_tool_use
from leadcapture.cta.tool import Tool
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Booking, Procedure
from leadcapture.models.catalog_store import active_procedures
from leadcapture.models.types import utcnow
from leadcapture.tools.booking import (
    BookingInput,
    ClinicHours,
    SlotError,
    available_slots,
    ics_for_booking,
    validate_slot,
)
from leadcapture.tracking import VisitContext
from leadcapture.webhooks.events import BOOKING_CREATED, booking_data
from leadcapture.webhooks.outbox import emit

FORM_FIELDS = ("procedure", "slot", "name", "email", "phone", "notes")


class BookingResult(BaseModel):
    booking_id: str
    procedure: str
    slot: datetime = Field(description="The slot's start, UTC.")
    slot_minutes: int
    ics_url: str = Field(description="The booking's calendar file (.ics).")


class AppointmentBooking(Tool):
    name = "appointment_booking"
    title = "Book a consultation"
    summary = "Pick a free slot and book an appointment."
    url_prefix = "/tools/booking"
    template = "tools/appointment_booking.html"
    input_model = BookingInput
    result_model = BookingResult
    conflicts = True

    @classmethod
    def parse_form(cls, form: MultiDict) -> dict:
        return {name: form.get(name, "") for name in FORM_FIELDS}

    @classmethod
    def use(
        cls, ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
    ) -> ToolOutcome:
        return book_appointment(ctx, data, time_on_tool)

    @classmethod
    def page_context(cls) -> dict:
        return {"slots": free_slots()}

    @classmethod
    def add_routes(cls, bp: Blueprint) -> None:
        bp.add_url_rule("/<booking_id>.ics", "ics", ics)

    @classmethod
    def api_result(cls, result: dict) -> dict:
        result["ics_url"] = url_for(f"{cls.name}.ics", booking_id=result["booking_id"])
        return result


TOOL = AppointmentBooking


def ics(booking_id: str):
    """The booking's calendar file, as a download."""
    calendar = booking_calendar(booking_id, current_app.config["CLINIC_NAME"])
    if calendar is None:
        abort(404)
    headers = {"Content-Disposition": f'attachment; filename="appointment-{booking_id[:8]}.ics"'}
    return calendar, 200, {"Content-Type": "text/calendar; charset=utf-8", **headers}


def clinic_hours() -> ClinicHours:
    """The clinic's booking settings from the app config."""
    config = current_app.config
    return ClinicHours(
        slot_minutes=config["BOOKING_SLOT_MINUTES"],
        days_ahead=config["BOOKING_DAYS_AHEAD"],
        closed_dates=frozenset(date.fromisoformat(day) for day in config["CLINIC_CLOSED_DATES"]),
        timezone=config["CLINIC_TIMEZONE"],
    )


def taken_slots(hours: ClinicHours, now: datetime) -> set[datetime]:
    """Booked slot starts from now to the end of the booking window."""
    until = now + timedelta(days=hours.days_ahead + 1)
    query = select(Booking.slot_start).where(Booking.slot_start >= now, Booking.slot_start <= until)
    return set(db.session.scalars(query))


def free_slots(now: datetime | None = None) -> list[datetime]:
    """The slots a visitor can book now (naive UTC)."""
    hours, now = clinic_hours(), now or utcnow()
    return available_slots(hours, now, taken_slots(hours, now))


def book_appointment(ctx: VisitContext, data: dict, time_on_tool: int | None = None) -> ToolOutcome:
    """Book a free slot, then record the use and create or update the lead (base 90) at once, and
    tell its owner (a hot-lead alert).

    The slot is reserved first in its own transaction: the unique slot decides races, and the
    loser gets InputError with status 409 and nothing else written. The booking's webhook event
    goes with its link to the lead, in the last transaction.
    """
    catalog = active_procedures()  # the rules are read after the reservation; its losers need none
    inp = validated(BookingInput, data, catalog, phone_region=current_app.config["PHONE_REGION"])
    booking = _reserve(inp, ctx.now)
    result = {
        "booking_id": booking.id,
        "procedure": inp.procedure,
        "slot": inp.slot.isoformat() + "Z",
        "slot_minutes": booking.slot_minutes,
    }
    contact = ContactDetails(email=inp.email, name=inp.name, phone=inp.phone)
    recorded = {"procedure": inp.procedure, "slot": result["slot"], "booking_id": booking.id}
    with booking_use():  # the booking's alert below tells the lead's new score
        outcome = complete_tool_use(ctx, AppointmentBooking.name, recorded, result, time_on_tool, contact)
    if outcome.captured is not None:
        booking.visitor_id = outcome.recorded.visit.visitor.id if outcome.recorded else None
        booking.lead_id = outcome.captured.lead.id
        lead_booked(outcome.captured.lead, booking, ctx.now)
    emit(BOOKING_CREATED, booking_data(booking), ctx.now)
    db.session.commit()
    return outcome


def _reserve(inp: BookingInput, now: datetime) -> Booking:
    hours = clinic_hours()
    try:
        validate_slot(hours, inp.slot, now, taken_slots(hours, now))
    except SlotError as error:
        raise InputError({"slot": error.message}, status=409 if error.code == "taken" else 422) from None
    booking = Booking(
        slot_start=inp.slot,
        slot_minutes=hours.slot_minutes,
        procedure_id=inp.procedure,
        name=inp.name,
        email=inp.email,
        phone=inp.phone,
        notes=inp.notes,
        created_at=now,
    )
    db.session.add(booking)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise InputError(
            {"slot": "Sorry, that slot was just booked. Please pick another."}, status=409
        ) from None
    return booking


def booking_calendar(booking_id: str, clinic_name: str) -> bytes | None:
    """The booking's .ics file, or None for an unknown booking."""
    booking = db.session.get(Booking, booking_id)
    if booking is None:
        return None
    procedure = db.session.get(Procedure, booking.procedure_id)
    return ics_for_booking(booking.id, procedure.name, booking.slot_start, booking.slot_minutes, clinic_name)
