"""Appointment slots: a grid over the clinic's opening hours in its own timezone, handed out as naive UTC.

Slots start every ``slot_minutes`` of local wall-clock time from each opening time, so a clinic opening
at 09:00 offers 09:00 all year, whatever the daylight-saving offset; a wall time the clocks skip is not
offered, and one they repeat is offered once (its first occurrence).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The opening intervals of one day, local time; () when closed all day.
DayHours = tuple[tuple[time, time], ...]

WEEKDAY_HOURS: DayHours = ((time(9), time(18)),)
# Monday first: Monday to Friday 09:00-18:00, Saturday 10:00-14:00, Sunday closed.
DEFAULT_WEEK: tuple[DayHours, ...] = (WEEKDAY_HOURS,) * 5 + (((time(10), time(14)),), ())


class SlotError(ValueError):
    """A slot that cannot be booked; ``code`` is one of past, too_soon, too_far, closed, outside_hours,
    off_grid, taken, and ``message`` is for the visitor."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ClinicHours:
    """When the clinic takes appointments."""

    week: tuple[DayHours, ...] = DEFAULT_WEEK
    slot_minutes: int = 30
    # Calendar days offered, today (in the clinic's timezone) included.
    days_ahead: int = 21
    closed_dates: frozenset[date] = frozenset()
    # An IANA name such as "Europe/London".
    timezone: str = "UTC"
    min_notice: timedelta = timedelta(hours=2)

    def __post_init__(self):
        if len(self.week) != 7:
            raise ValueError("week needs the hours of 7 days, Monday first")
        if any(opens >= closes for day in self.week for opens, closes in day):
            raise ValueError("an opening interval must end after it starts")
        if self.slot_minutes < 1 or self.days_ahead < 1:
            raise ValueError("slot_minutes and days_ahead must be positive")
        ZoneInfo(self.timezone)  # an unknown name fails here, not at the first booking
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def to_naive_utc(moment: datetime) -> datetime:
    """``moment`` as naive UTC, the way the app stores times; a naive one is taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def available_slots(hours: ClinicHours, now: datetime, taken: set[datetime]) -> list[datetime]:
    """Bookable slot starts (naive UTC, in order) from ``now`` plus the minimum notice, free of ``taken``."""
    now = to_naive_utc(now)
    earliest = now + hours.min_notice
    taken = {to_naive_utc(slot) for slot in taken}
    return [
        slot
        for day in booking_days(hours, now)
        for slot in day_slots(hours, day)
        if slot >= earliest and slot not in taken
    ]


def validate_slot(hours: ClinicHours, slot: datetime, now: datetime, taken: set[datetime]) -> None:
    """Nothing when ``slot`` can be booked at ``now``; a :class:`SlotError` saying why not otherwise."""
    slot, now = to_naive_utc(slot), to_naive_utc(now)
    if slot < now:
        raise SlotError("past", "That time has already passed.")
    if slot < now + hours.min_notice:
        raise SlotError("too_soon", f"Please book at least {_duration(hours.min_notice)} ahead.")
    day = _local(hours, slot).date()
    if day not in booking_days(hours, now):
        raise SlotError("too_far", f"Appointments can be booked up to {hours.days_ahead} days ahead.")
    _check_on_grid(hours, slot, day)
    if slot in {to_naive_utc(other) for other in taken}:
        raise SlotError("taken", "That time has just been booked; please pick another.")


def booking_days(hours: ClinicHours, now: datetime) -> list[date]:
    """The clinic-local dates offered at ``now`` (naive UTC)."""
    today = _local(hours, now).date()
    return [today + timedelta(days=offset) for offset in range(hours.days_ahead)]


def day_slots(hours: ClinicHours, day: date) -> list[datetime]:
    """All slot starts (naive UTC) of a clinic-local date, regardless of notice, window and bookings."""
    if day in hours.closed_dates:
        return []
    step = timedelta(minutes=hours.slot_minutes)
    slots = []
    for opens, closes in hours.week[day.weekday()]:
        wall, closing = datetime.combine(day, opens), datetime.combine(day, closes)
        while wall + step <= closing:
            utc = wall.replace(tzinfo=hours.zone).astimezone(UTC).replace(tzinfo=None)
            if _local(hours, utc) == wall:  # otherwise the clocks skip this wall time
                slots.append(utc)
            wall += step
    return slots


def _check_on_grid(hours: ClinicHours, slot: datetime, day: date) -> None:
    """Raise the SlotError of a slot on an open date that is not one of its slot starts."""
    intervals = () if day in hours.closed_dates else hours.week[day.weekday()]
    if not intervals:
        raise SlotError("closed", f"The clinic is closed on {day:%A, %d %B %Y}.")
    if slot in day_slots(hours, day):
        return
    wall = _local(hours, slot)
    if any(
        datetime.combine(day, opens) <= wall < datetime.combine(day, closes) for opens, closes in intervals
    ):
        raise SlotError(
            "off_grid", f"Appointments start every {hours.slot_minutes} minutes; pick a listed time."
        )
    raise SlotError("outside_hours", "That time is outside the clinic's opening hours.")


def _local(hours: ClinicHours, moment: datetime) -> datetime:
    """Naive UTC ``moment`` as naive clinic-local wall time."""
    return moment.replace(tzinfo=UTC).astimezone(hours.zone).replace(tzinfo=None)


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    value, unit = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return f"{value} {unit}{'' if value == 1 else 's'}"
