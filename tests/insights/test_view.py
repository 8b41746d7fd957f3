"""The trend of weekly activity and going quiet, as of a date (pure), and the conditions' language."""

from datetime import date, timedelta

import pytest

from leadcapture.insights.conditions import ConditionError, matches, parse
from leadcapture.insights.summary import Facts, SessionFact, summarise, week_of
from leadcapture.insights.view import InsightView
from tests.insights.journeys import NOW


def view(weeks_ago_activity: dict[int, int] | None = None, level="low", score=0, **stored) -> InsightView:
    this_week = week_of(NOW)
    weeks = {
        (this_week - timedelta(weeks=ago)).isoformat(): count
        for ago, count in (weeks_ago_activity or {}).items()
    }
    base = summarise(Facts())
    return InsightView(base | {"weeks": weeks} | stored, score, level, NOW, quiet_days=14)


@pytest.mark.parametrize(
    ("activity", "trend"),
    [
        ({0: 3, 2: 3, 5: 2}, "rising"),  # 6 in the last 4 weeks against 2 before
        ({1: 1, 4: 4, 7: 3}, "falling"),  # 1 against 7
        ({0: 3, 5: 3}, "stable"),  # as much as before
        ({0: 3}, "stable"),  # 3 in 8 weeks: too little to tell
        ({0: 2, 8: 9}, "stable"),  # 9 weeks ago is outside both windows
    ],
)
def test_trend_of_the_last_four_weeks_against_the_four_before(activity, trend):
    assert view(activity).trend == trend


def test_only_the_eight_weeks_up_to_the_last_activity_are_kept():
    sessions = [SessionFact(NOW - timedelta(weeks=ago), NOW - timedelta(weeks=ago)) for ago in (0, 7, 8, 20)]
    weeks = summarise(Facts(tuple(sessions)))["weeks"]
    assert sorted(date.fromisoformat(week) for week in weeks) == [
        week_of(NOW - timedelta(weeks=7)),
        week_of(NOW),
    ]


def test_went_quiet_after_a_high_intent_session():
    quiet = {"ended_on_high_intent": True, "last_activity_at": NOW - timedelta(days=14)}
    assert view(**quiet).went_quiet
    assert not view(**quiet | {"last_activity_at": NOW - timedelta(days=13)}).went_quiet
    assert not view(**quiet | {"ended_on_high_intent": False}).went_quiet


def test_conditions_and_bind_tighter_than_or():
    condition = parse("bookings >= 1 or level = high AND days_since_last<=7")
    recent = NOW - timedelta(days=3)
    assert matches(condition, view(level="high", last_activity_at=recent))
    assert not matches(condition, view(level="high", last_activity_at=NOW - timedelta(days=8)))
    assert matches(condition, view(bookings=1))
    # A figure the person does not have (never active) meets no clause.
    assert not matches(parse("days_since_last >= 0"), view())


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "write a condition"),
        ("score >= high", "score is a whole number"),
        ("mood = happy", "unknown field “mood”"),
        ("level >= high", "level takes = or != only"),
        ("trend = up", "trend is one of rising, stable, falling"),
        ("score >= 70 and", "is not “field operator value”"),
        ("score => 70", "is not “field operator value”"),
        (" or ".join(["score > 1"] * 11), "at most 10 clauses"),
    ],
)
def test_a_bad_condition_says_what_is_wrong(text, says):
    with pytest.raises(ConditionError, match=says):
        parse(text)
