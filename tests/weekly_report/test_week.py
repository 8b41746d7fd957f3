"""The report's weeks: Monday to Sunday, the last full one by the clinic's calendar, due on the
Monday after at 08:00 clinic time, across daylight-saving changes and far from UTC."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from leadcapture.errors import InputError
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.week import due_week, last_full_week, parse_week, send_time, week_of

NEW_YORK = ZoneInfo("America/New_York")
AUCKLAND = ZoneInfo("Pacific/Auckland")
UTC = ZoneInfo("UTC")


def week(monday: str) -> Period:
    first = date.fromisoformat(monday)
    return week_of(first)


def test_a_week_is_monday_to_sunday():
    assert week_of(date(2026, 12, 3)) == Period(date(2026, 11, 30), date(2026, 12, 6))
    assert week_of(date(2026, 12, 6)) == Period(date(2026, 11, 30), date(2026, 12, 6))
    assert week_of(date(2026, 11, 30)) == Period(date(2026, 11, 30), date(2026, 12, 6))


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        # Sunday 23:30 UTC: still the week of Nov 30 in UTC, already Monday in Auckland.
        (datetime(2026, 12, 6, 23, 30), UTC, "2026-11-23"),
        (datetime(2026, 12, 6, 23, 30), AUCKLAND, "2026-11-30"),
        # Monday 02:00 UTC is Sunday evening in New York.
        (datetime(2026, 12, 7, 2, 0), NEW_YORK, "2026-11-23"),
        (datetime(2026, 12, 7, 2, 0), UTC, "2026-11-30"),
    ],
)
def test_the_last_full_week_follows_the_clinics_calendar(now, zone, expected):
    assert last_full_week(now, zone) == week(expected)


@pytest.mark.parametrize(
    ("monday", "expected"),
    [
        # New York leaves summer time on Sunday 2026-11-01: 08:00 EDT is 12:00 UTC, 08:00 EST 13:00.
        ("2026-10-19", datetime(2026, 10, 26, 12, 0)),
        ("2026-10-26", datetime(2026, 11, 2, 13, 0)),
        # ... and enters it on Sunday 2026-03-08.
        ("2026-03-02", datetime(2026, 3, 9, 12, 0)),
        ("2026-02-23", datetime(2026, 3, 2, 13, 0)),
    ],
)
def test_monday_eight_oclock_clinic_time_across_daylight_saving_changes(monday, expected):
    assert send_time(week(monday), NEW_YORK) == expected


def test_east_of_utc_the_report_waits_for_the_weeks_last_utc_day_to_end():
    # Monday 08:00 in Auckland (UTC+13 in summer) is Sunday 19:00 UTC, before the week's Sunday ends.
    sunday_evening_utc = datetime(2026, 12, 6, 19, 0)
    assert last_full_week(sunday_evening_utc, AUCKLAND) == week("2026-11-30")
    assert send_time(week("2026-11-30"), AUCKLAND) == datetime(2026, 12, 7, 0, 5)
    assert due_week(sunday_evening_utc, AUCKLAND) is None
    assert due_week(datetime(2026, 12, 7, 0, 5), AUCKLAND) == week("2026-11-30")


def test_a_week_is_due_from_monday_eight_until_the_next_one_is():
    assert due_week(datetime(2026, 12, 7, 7, 59), UTC) is None
    assert due_week(datetime(2026, 12, 7, 8, 0), UTC) == week("2026-11-30")
    assert due_week(datetime(2026, 12, 13, 23, 59), UTC) == week("2026-11-30")
    assert due_week(datetime(2026, 12, 14, 7, 59), UTC) is None  # the next Monday, too early


def test_a_week_is_picked_by_any_of_its_days_once_it_has_ended():
    now = datetime(2026, 12, 9, 10, 0)
    assert parse_week("2026-12-02", now, UTC) == week("2026-11-30")
    assert parse_week(" 2026-11-29 ", now, UTC) == week("2026-11-23")
    with pytest.raises(InputError) as running:
        parse_week("2026-12-08", now, UTC)
    assert running.value.fields == {"week": "the week of 2026-12-07 has not ended yet"}
    with pytest.raises(InputError) as bad:
        parse_week("last week", now, UTC)
    assert bad.value.fields == {"week": "'last week' is not a date as YYYY-MM-DD"}
