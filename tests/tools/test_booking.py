"""Booking: the slot grid from clinic hours, slot checks, the booking input and the .ics (pure, no app)."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from leadcapture.catalog.procedures import default_catalog
from leadcapture.tools.booking import (
    BookingInput,
    ClinicHours,
    SlotError,
    available_slots,
    ics_for_booking,
    validate_slot,
)
from leadcapture.tools.booking_slots import day_slots
from leadcapture.tools.validation import field_errors, input_context

MONDAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 6, 0)  # Monday 06:00 UTC, naive as the app stores it
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def by_date(slots: list[datetime]) -> Counter:
    return Counter(slot.date() for slot in slots)


def london_wall_times(slots: list[datetime]) -> set[time]:
    return {slot.replace(tzinfo=UTC).astimezone(LONDON).time() for slot in slots}


# --- the slot grid


def test_default_hours_weekdays_saturday_and_closed_sunday():
    slots = available_slots(ClinicHours(), NOW, set())

    counts = by_date(slots)
    assert counts[MONDAY] == 18  # 09:00 to 17:30
    assert counts[date(2026, 3, 7)] == 8  # Saturday 10:00 to 13:30
    assert date(2026, 3, 8) not in counts  # Sunday
    assert slots[:2] == [at(MONDAY, 9), at(MONDAY, 9, 30)]
    assert max(s for s in slots if s.date() == MONDAY) == at(MONDAY, 17, 30)
    assert len(slots) == 15 * 18 + 3 * 8  # three weeks
    assert slots == sorted(slots)


def test_closed_dates_have_no_slots():
    tuesday = MONDAY + timedelta(days=1)

    slots = available_slots(ClinicHours(closed_dates={tuesday}), NOW, set())

    assert tuesday not in by_date(slots)
    assert by_date(slots)[MONDAY] == 18


@pytest.mark.parametrize(
    ("now", "first"),
    [
        (at(MONDAY, 7), at(MONDAY, 9)),  # exactly two hours' notice
        (at(MONDAY, 7, 1), at(MONDAY, 9, 30)),
        (at(MONDAY, 10, 10), at(MONDAY, 12, 30)),
        (at(MONDAY, 16), at(MONDAY + timedelta(days=1), 9)),  # 18:00 is closing time
    ],
)
def test_minimum_notice(now, first):
    assert available_slots(ClinicHours(), now, set())[0] == first


def test_minimum_notice_is_a_setting():
    hours = ClinicHours(min_notice=timedelta(0))

    assert available_slots(hours, at(MONDAY, 9, 10), set())[0] == at(MONDAY, 9, 30)


@pytest.mark.parametrize(
    ("days_ahead", "last_date"), [(1, MONDAY), (2, date(2026, 3, 3)), (21, date(2026, 3, 21))]
)
def test_days_ahead_counts_today(days_ahead, last_date):
    slots = available_slots(ClinicHours(days_ahead=days_ahead), NOW, set())

    assert slots[-1].date() == last_date


def test_days_are_counted_in_the_clinic_timezone():
    # 02:00 UTC on Tuesday is still Monday evening in New York: today there is Monday, already over.
    hours = ClinicHours(timezone="America/New_York", days_ahead=2)

    slots = available_slots(hours, datetime(2026, 3, 3, 2, 0), set())

    assert slots[0] == datetime(2026, 3, 3, 14, 0)  # Tuesday 09:00 EST
    assert set(by_date(slots)) == {date(2026, 3, 3)}


def test_taken_slots_are_left_out():
    taken = {at(MONDAY, 9), at(MONDAY, 10, 30)}

    slots = available_slots(ClinicHours(), NOW, taken)

    assert not taken & set(slots)
    assert by_date(slots)[MONDAY] == 16


def test_aware_now_and_taken_are_converted_to_utc():
    plus_two = timezone(timedelta(hours=2))
    now = datetime(2026, 3, 2, 8, 0, tzinfo=plus_two)  # 06:00 UTC
    taken = {datetime(2026, 3, 2, 11, 0, tzinfo=plus_two)}  # 09:00 UTC

    assert available_slots(ClinicHours(), now, taken)[0] == at(MONDAY, 9, 30)


@pytest.mark.parametrize(
    ("before", "after", "offset_change"),
    [
        (date(2026, 3, 27), date(2026, 3, 30), timedelta(hours=-1)),  # clocks go forward on 29 March
        (date(2026, 10, 23), date(2026, 10, 26), timedelta(hours=1)),  # and back on 25 October
    ],
)
def test_local_opening_hours_hold_across_daylight_saving(before, after, offset_change):
    hours = ClinicHours(timezone="Europe/London", days_ahead=10)
    now = datetime.combine(before - timedelta(days=1), time(0))

    slots = available_slots(hours, now, set())

    first = {day: min(s for s in slots if s.date() == day) for day in (before, after)}
    assert first[after].time() == (datetime.combine(after, first[before].time()) + offset_change).time()
    assert by_date(slots)[before] == by_date(slots)[after] == 18
    assert london_wall_times(slots) == {time(h, m) for h in range(9, 18) for m in (0, 30)}


NIGHT_WEEK = ((),) * 6 + (((time(0), time(4)),),)  # open Sunday 00:00-04:00 only


def test_wall_times_the_clocks_skip_are_not_offered():
    hours = ClinicHours(week=NIGHT_WEEK, timezone="Europe/London")

    slots = day_slots(hours, date(2026, 3, 29))

    # 00:00 and 00:30 GMT, then 01:00 and 01:30 local do not exist; 02:00 BST is 01:00 UTC.
    assert [s.time() for s in slots] == [time(0), time(0, 30), time(1), time(1, 30), time(2), time(2, 30)]
    assert time(1) not in london_wall_times(slots)


def test_wall_times_the_clocks_repeat_are_offered_once():
    hours = ClinicHours(week=NIGHT_WEEK, timezone="Europe/London")

    slots = day_slots(hours, date(2026, 10, 25))

    assert len(slots) == len(set(slots)) == 8
    assert slots == sorted(slots)
    assert datetime(2026, 10, 25, 0, 0) in slots  # 01:00 BST, the first time round
    assert datetime(2026, 10, 25, 1, 0) not in slots  # 01:00 GMT, the second


@pytest.mark.parametrize(
    "settings",
    [
        {"week": ((),) * 6},
        {"week": (((time(18), time(9)),),) * 7},
        {"slot_minutes": 0},
        {"days_ahead": 0},
    ],
)
def test_hours_reject_nonsense(settings):
    with pytest.raises(ValueError):
        ClinicHours(**settings)


def test_hours_reject_an_unknown_timezone():
    with pytest.raises(KeyError):  # zoneinfo.ZoneInfoNotFoundError
        ClinicHours(timezone="Mars/Olympus_Mons")


# --- checking one slot


@pytest.mark.parametrize(
    ("slot", "code"),
    [
        (at(MONDAY, 5), "past"),
        (at(MONDAY, 7, 30), "too_soon"),
        (at(date(2026, 3, 23), 9), "too_far"),  # day 22
        (at(date(2026, 3, 8), 11), "closed"),  # Sunday
        (at(date(2026, 3, 3), 11), "closed"),  # a closed date
        (at(MONDAY, 8, 30), "outside_hours"),
        (at(MONDAY, 18), "outside_hours"),
        (at(date(2026, 3, 7), 14), "outside_hours"),  # Saturday closes at 14:00
        (at(MONDAY, 9, 15), "off_grid"),
        (at(MONDAY, 9) + timedelta(seconds=30), "off_grid"),
        (at(MONDAY, 17, 45), "off_grid"),  # would end after closing
        (at(MONDAY, 10), "taken"),
    ],
)
def test_validate_slot_says_why(slot, code):
    hours = ClinicHours(closed_dates={date(2026, 3, 3)})

    with pytest.raises(SlotError) as caught:
        validate_slot(hours, slot, NOW, {at(MONDAY, 10)})

    assert caught.value.code == code
    assert caught.value.message == str(caught.value)


@pytest.mark.parametrize(
    "slot",
    [
        at(MONDAY, 9),
        at(MONDAY, 17, 30),
        at(date(2026, 3, 21), 13, 30),  # the last Saturday slot in the window
        datetime(2026, 3, 2, 11, 0, tzinfo=timezone(timedelta(hours=2))),
    ],
)
def test_validate_slot_accepts_listed_slots(slot):
    assert validate_slot(ClinicHours(), slot, NOW, {at(MONDAY, 10)}) is None


def test_every_available_slot_validates():
    hours = ClinicHours(timezone="Europe/London", closed_dates={date(2026, 3, 31)})
    now = datetime(2026, 3, 25, 10, 7)
    taken = {datetime(2026, 3, 30, 8, 0)}

    for slot in available_slots(hours, now, taken):
        validate_slot(hours, slot, now, taken)


def test_validate_slot_in_clinic_time():
    hours = ClinicHours(timezone="Europe/London")
    now = datetime(2026, 3, 25, 0, 0)

    # 08:00 UTC is 08:00 in London before the clocks change, and 09:00, opening time, after.
    with pytest.raises(SlotError, match="opening hours"):
        validate_slot(hours, datetime(2026, 3, 27, 8, 0), now, set())
    assert validate_slot(hours, datetime(2026, 3, 30, 8, 0), now, set()) is None


@pytest.mark.parametrize(
    ("notice", "words"),
    [(timedelta(hours=2), "2 hours"), (timedelta(hours=1), "1 hour"), (timedelta(minutes=45), "45 minutes")],
)
def test_too_soon_message_states_the_notice(notice, words):
    with pytest.raises(SlotError, match=f"at least {words} ahead"):
        validate_slot(ClinicHours(min_notice=notice), NOW + timedelta(minutes=1), NOW, set())


# --- the booking input

CATALOG = default_catalog()
VALID = {
    "procedure": "botox",
    "slot": "2026-03-02T09:00:00Z",
    "email": "Jane.Doe@Example.COM",
    "name": "  Jane Doe ",
}


def booking(region: str = "US", **changes) -> BookingInput:
    return BookingInput.model_validate(VALID | changes, context=input_context(CATALOG, phone_region=region))


def booking_errors(**changes) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        booking(**changes)
    return field_errors(caught.value)


def test_valid_booking_is_normalised():
    inp = booking(phone="(650) 253-0000", notes="  ")

    assert inp.procedure == "botox"
    assert inp.slot == datetime(2026, 3, 2, 9, 0) and inp.slot.tzinfo is None
    assert inp.email == "jane.doe@example.com"
    assert inp.name == "Jane Doe"
    assert inp.phone == "+16502530000"
    assert inp.notes is None


@pytest.mark.parametrize(
    ("slot", "utc"),
    [
        ("2026-03-02T11:00:00+02:00", datetime(2026, 3, 2, 9, 0)),
        ("2026-03-02T04:00:00-05:00", datetime(2026, 3, 2, 9, 0)),
        ("2026-03-02T09:00:00", datetime(2026, 3, 2, 9, 0)),  # naive is UTC
        ("2026-03-02T09:00Z", datetime(2026, 3, 2, 9, 0)),
    ],
)
def test_slot_comes_out_naive_utc(slot, utc):
    assert booking(slot=slot).slot == utc


@pytest.mark.parametrize(
    ("phone", "region", "e164"),
    [
        ("650-253-0000", "US", "+16502530000"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),  # a + number ignores the region
        ("", "US", None),
        (None, "US", None),
    ],
)
def test_phone_normalised_to_e164(phone, region, e164):
    assert booking(region, phone=phone).phone == e164


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "jane@"}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"phone": "+1 555"}, "phone"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"notes": "x" * 1001}, "notes"),
        ({"slot": "tomorrow"}, "slot"),
        ({"procedure": "xyz"}, "procedure"),
    ],
)
def test_invalid_booking_names_the_field(changes, field):
    assert list(booking_errors(**changes)) == [field]


def test_booking_error_messages():
    assert booking_errors(procedure="xyz", phone="abc") == {
        "procedure": "Unknown procedure 'xyz'.",
        "phone": "That does not look like a phone number.",
    }


def test_missing_booking_fields_are_each_required():
    with pytest.raises(ValidationError) as caught:
        BookingInput.model_validate({}, context=input_context(CATALOG))

    assert field_errors(caught.value) == dict.fromkeys(
        ["procedure", "slot", "email", "name"], "This field is required."
    )


# --- the calendar file


def parsed_event(ics: bytes):
    calendar = Calendar.from_ical(ics)
    [event] = calendar.events
    return event


def test_ics_parses_back_with_the_booking():
    ics = ics_for_booking(42, "Botox", datetime(2026, 3, 2, 9, 0), 30, "Glow Clinic", "1 High St, London")

    event = parsed_event(ics)
    assert event.start == datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert event.end == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Botox at Glow Clinic"
    assert str(event["LOCATION"]) == "1 High St, London"
    assert event.uid and event.stamp
    assert b"DTSTART:20260302T090000Z" in ics
    assert b"\r\n" in ics


def test_ics_converts_an_aware_start_and_leaves_out_a_missing_location():
    start = datetime(2026, 3, 30, 10, 0, tzinfo=LONDON)  # BST

    event = parsed_event(ics_for_booking(7, "HydraFacial", start, 45, "Glow Clinic"))

    assert event.start == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert event.end - event.start == timedelta(minutes=45)
    assert "LOCATION" not in event


def test_ics_uid_is_stable_per_booking_and_clinic():
    def uid(booking_id, clinic):
        return parsed_event(ics_for_booking(booking_id, "Botox", datetime(2026, 3, 2, 9), 30, clinic)).uid

    assert uid(1, "Glow Clinic") == uid(1, "Glow Clinic")
    assert len({uid(1, "Glow Clinic"), uid(2, "Glow Clinic"), uid(1, "Other Clinic")}) == 3
