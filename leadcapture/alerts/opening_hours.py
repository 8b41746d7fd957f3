"""How much of a span of time the clinic was open (its weekly hours in its timezone, closed dates
and daylight-saving changes included), for "no leads for N opening hours". Pure: no Flask, no
database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from leadcapture.tools.booking_slots import ClinicHours

# A span longer than this counts only its last part (enough for any threshold of the rule).
LONGEST = timedelta(days=366)


def open_time(hours: ClinicHours, start: datetime, end: datetime) -> timedelta:
    """How long the clinic was open between ``start`` and ``end`` (naive UTC)."""
    start = max(start, end - LONGEST)
    total = timedelta()
    day = local_date(start, hours.zone) - timedelta(days=1)  # an interval can begin the day before
    while day <= local_date(end, hours.zone):
        for opens, closes in _intervals(hours, day):
            overlap = min(closes, end) - max(opens, start)
            total += max(overlap, timedelta())
        day += timedelta(days=1)
    return total


def _intervals(hours: ClinicHours, day: date) -> list[tuple[datetime, datetime]]:
    """The clinic's opening intervals on the local date ``day``, as naive UTC."""
    if day in hours.closed_dates:
        return []
    return [
        (to_utc(datetime.combine(day, opens), hours.zone), to_utc(datetime.combine(day, closes), hours.zone))
        for opens, closes in hours.week[day.weekday()]
    ]


def to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """The local wall time ``wall`` in ``zone`` as naive UTC."""
    return wall.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    """The date in ``zone`` at the naive UTC ``moment``."""
    return moment.replace(tzinfo=UTC).astimezone(zone).date()
