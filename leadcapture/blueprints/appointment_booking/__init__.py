"""The booking page: free slots, booking with contact details, confirmation and .ics download."""

from flask import Blueprint, abort, current_app, request

from leadcapture.blueprints.tool_pages import show_tool, submit_tool
from leadcapture.cta.booking import booking_calendar, free_slots

bp = Blueprint("appointment_booking", __name__, url_prefix="/tools/booking")
TEMPLATE = "tools/appointment_booking.html"
FIELDS = ("procedure", "slot", "name", "email", "phone", "notes")


@bp.get("/")
def page():
    return show_tool("appointment_booking", TEMPLATE, slots=free_slots())


@bp.post("/")
def submit():
    payload = {name: request.form.get(name, "") for name in FIELDS}
    return submit_tool("appointment_booking", TEMPLATE, payload, page={"slots": free_slots()})


@bp.get("/<booking_id>.ics")
def ics(booking_id: str):
    calendar = booking_calendar(booking_id, current_app.config["CLINIC_NAME"])
    if calendar is None:
        abort(404)
    headers = {"Content-Disposition": f'attachment; filename="appointment-{booking_id[:8]}.ics"'}
    return calendar, 200, {"Content-Type": "text/calendar; charset=utf-8", **headers}
