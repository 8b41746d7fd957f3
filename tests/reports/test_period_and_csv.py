"""The shared report period (query string) and CSV streaming."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from leadcapture.errors import InputError
from leadcapture.reports.csv_export import csv_lines
from leadcapture.reports.period import Period, period_from_args


def test_explicit_period_and_the_one_before_it():
    period = period_from_args(MultiDict({"from": "2026-03-01", "to": "2026-03-10"}))
    assert (period.first, period.last, period.days) == (date(2026, 3, 1), date(2026, 3, 10), 10)
    assert period.previous() == Period(date(2026, 2, 19), date(2026, 2, 28))
    assert period.end.isoformat() == "2026-03-11T00:00:00"
    assert period.as_args() == {"from": "2026-03-01", "to": "2026-03-10"}


def test_a_period_cut_into_weeks_covers_each_day_once():
    march = Period(date(2026, 3, 1), date(2026, 3, 16))
    assert march.parts(7) == [
        Period(date(2026, 3, 1), date(2026, 3, 7)),
        Period(date(2026, 3, 8), date(2026, 3, 14)),
        Period(date(2026, 3, 15), date(2026, 3, 16)),
    ]
    assert Period(date(2026, 3, 1), date(2026, 3, 1)).parts(7) == [Period(date(2026, 3, 1), date(2026, 3, 1))]


def test_default_is_the_last_30_days_ending_today():
    period = period_from_args(MultiDict(), default_days=30)
    assert period.days == 30 and len(period.dates()) == 30


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"from": "yesterday"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2026-03-10", "to": "2026-03-01"}, "from"),
        ({"days": "0"}, "days"),
        ({"days": "-3"}, "days"),
        ({"days": "abc"}, "days"),
    ],
)
def test_bad_periods_name_the_field(args, field):
    with pytest.raises(InputError) as refused:
        period_from_args(MultiDict(args))
    assert field in refused.value.fields


def test_csv_lines_quote_and_neutralise_formulas():
    lines = list(csv_lines(["name", "note"], iter([("Ann, B", "=1+1"), ("Bo", None), ("-1", -0.5)])))
    assert lines == ["name,note\r\n", '"Ann, B",\'=1+1\r\n', "Bo,\r\n", "'-1,-0.5\r\n"]
