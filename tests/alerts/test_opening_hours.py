"""Opening time between two moments: the clinic's week in its timezone, closed dates, and clocks
that change in between."""

from datetime import date, datetime, timedelta

from leadcapture.alerts.opening_hours import open_time
from leadcapture.tools.booking_slots import ClinicHours

LONDON = ClinicHours(timezone="Europe/London")  # Mon-Fri 09:00-18:00, Sat 10:00-14:00, Sun closed


def test_a_weekday_afternoon_counts_its_open_hours_only():
    # Monday 1 June 2026 (BST, UTC+1): 12:00 to 20:00 local is 6 open hours.
    assert open_time(LONDON, datetime(2026, 6, 1, 11), datetime(2026, 6, 1, 19)) == timedelta(hours=6)


def test_a_weekend_across_the_clock_change_counts_friday_saturday_and_monday():
    # Fri 27 March 17:00 GMT to Mon 30 March 10:00 BST: 1 h + 4 h + Sunday closed + 1 h.
    start, end = datetime(2026, 3, 27, 17), datetime(2026, 3, 30, 9)
    assert open_time(LONDON, start, end) == timedelta(hours=6)


def test_closed_dates_and_an_empty_span_count_nothing():
    closed = ClinicHours(timezone="Europe/London", closed_dates=frozenset({date(2026, 6, 1)}))
    assert open_time(closed, datetime(2026, 6, 1, 7), datetime(2026, 6, 1, 18)) == timedelta()
    assert open_time(LONDON, datetime(2026, 6, 1, 12), datetime(2026, 6, 1, 12)) == timedelta()


def test_a_far_start_counts_at_most_its_last_year():
    end = datetime(2026, 6, 1)
    year = open_time(LONDON, end - timedelta(days=366), end)
    assert open_time(LONDON, datetime(2020, 1, 1), end) == year
    assert timedelta(hours=52 * 49) <= year < timedelta(hours=53 * 49)  # 49 open hours a week
