"""The satisfaction rule, per organisation and per tool: a window's average below the threshold, or
significantly below the window before (one-sided Mann-Whitney U), opens one alert; too few ratings
are not judged; the alert clears when the window no longer shows it."""

from datetime import datetime, timedelta

import pytest

from leadcapture.alerts.evaluate import evaluate_alerts
from leadcapture.extensions import db
from leadcapture.models import Feedback
from tests.alerts.helpers import enable, notifications, open_ones

NOW = datetime(2026, 6, 15, 12, 0)


@pytest.fixture
def rule(app_ctx):
    enable("satisfaction", below=3.5, window_days=7, min_ratings=10, p_value=0.05)


def rate(
    ratings: list[int], days_ago: float, organisation: str | None = None, tool: str | None = None
) -> None:
    at = NOW - timedelta(days=days_ago)
    for rating in ratings:
        db.session.add(
            Feedback(
                context="tool_result", rating=rating, organisation_key=organisation, tool=tool, created_at=at
            )
        )
    db.session.commit()


def satisfaction(now: datetime = NOW) -> tuple[int, int]:
    outcome = evaluate_alerts(now)["satisfaction"]
    return outcome.opened, outcome.cleared


def test_an_organisation_averaging_below_the_threshold_alerts_once_then_clears(rule):
    rate([3, 3, 4, 3, 2, 3, 4, 3, 2, 3], days_ago=2, organisation="acme.example")  # 3.0
    rate([5] * 20, days_ago=2, organisation="happy.example")
    assert satisfaction() == (1, 0)
    [alert] = notifications("satisfaction")
    assert (alert.cause, alert.for_role) == ("organisation:acme.example", "marketing")
    assert alert.title == "Satisfaction low: acme.example averages 3.0"
    assert "3.00 from 10 ratings over the last 7 days, below the alert's 3.5" in alert.body
    assert satisfaction(NOW + timedelta(hours=1)) == (0, 0)
    assert satisfaction(NOW + timedelta(days=6)) == (0, 1)  # the ratings left the window


def test_too_few_ratings_are_not_judged(rule):
    rate([1] * 9, days_ago=1, organisation="small.example")
    assert satisfaction() == (0, 0)


def test_a_tool_significantly_down_on_the_window_before_alerts(rule):
    rate([5, 4, 5, 5, 4, 5, 4, 5, 5, 4], days_ago=10, tool="cost_calculator")  # 4.6, the week before
    rate([4, 4, 3, 4, 4, 3, 4, 4, 4, 4], days_ago=3, tool="cost_calculator")  # 3.8: above 3.5, but down
    assert satisfaction() == (1, 0)
    alert = open_ones("satisfaction")["tool:cost_calculator"]
    assert alert.title == "Satisfaction dropped: the cost calculator tool from 4.6 to 3.8"
    assert "one-sided Mann-Whitney U" in alert.body and "below the rule's 0.05" in alert.body


@pytest.mark.parametrize(
    ("before", "recent"),
    [
        ([5, 4, 5, 5, 4, 5, 4, 5, 5], [4, 4, 3, 4, 4, 3, 4, 4, 4, 4]),  # 9 before: too few to test
        ([4, 4, 5, 4, 4, 4, 5, 4, 4, 4], [4, 4, 4, 5, 4, 4, 4, 4, 3, 4]),  # 4.2 to 4.0: not significant
    ],
)
def test_no_drop_without_enough_ratings_or_significance(rule, before, recent):
    rate(before, days_ago=10, tool="ai_recommendation")
    rate(recent, days_ago=3, tool="ai_recommendation")
    assert satisfaction() == (0, 0)
