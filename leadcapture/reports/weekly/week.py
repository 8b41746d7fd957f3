"""The weekly report's weeks: Monday to Sunday, the last full one by the clinic's calendar
(``CLINIC_TIMEZONE``), and when each is due to be sent.

A week's figures count whole UTC days, Monday to Sunday, as every admin report does: the
dashboard for the same dates shows the same numbers. A week is due on the Monday after it at
``SEND_AT`` clinic time, and stays due until the next week is; where that Monday morning comes
before the week's last UTC day has ended (8 or more hours east of UTC), it waits for that end.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from leadcapture.errors import InputError
from leadcapture.reports.period import Period

SEND_AT = time(8, 0)
WEEK = timedelta(days=7)
# The feedback roll-up's days are final two minutes after they end (``feedback_days``).
SETTLE = timedelta(minutes=5)


def week_of(day: date) -> Period:
    """The week (Monday to Sunday) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def clinic_today(now: datetime, zone: ZoneInfo) -> date:
    """The clinic's date at ``now`` (naive UTC)."""
    return now.replace(tzinfo=UTC).astimezone(zone).date()


def last_full_week(now: datetime, zone: ZoneInfo) -> Period:
    """The last week that ended before the clinic's today."""
    return week_of(clinic_today(now, zone) - WEEK)


def send_time(week: Period, zone: ZoneInfo) -> datetime:
    """When ``week``'s report is due (naive UTC): its next Monday at ``SEND_AT`` clinic time, or
    once its last UTC day is over, whichever is later."""
    local = datetime.combine(week.last + timedelta(days=1), SEND_AT, tzinfo=zone)
    return max(local.astimezone(UTC).replace(tzinfo=None), week.end + SETTLE)


def due_week(now: datetime, zone: ZoneInfo) -> Period | None:
    """The week whose report is due at ``now``: the last full week once its send time has come
    (until the next one's comes); None before it (Monday morning, before ``SEND_AT``)."""
    week = last_full_week(now, zone)
    return week if now >= send_time(week, zone) else None


def parse_week(text: str, now: datetime, zone: ZoneInfo) -> Period:
    """The week holding the date ``text`` (YYYY-MM-DD, any day of it); InputError when it is not a
    date or the week has not ended yet."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InputError({"week": f"{text!r} is not a date as YYYY-MM-DD"}) from None
    week = week_of(day)
    if week.last >= clinic_today(now, zone):
        raise InputError({"week": f"the week of {week.first.isoformat()} has not ended yet"})
    return week
