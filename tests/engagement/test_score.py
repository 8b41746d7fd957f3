"""Session engagement's four parts at each threshold, the levels, and the active-time shortcut."""

import pytest

from leadcapture.engagement.score import (
    SessionActivity,
    active_time_points,
    engagement_level,
    measure,
    with_active_time,
)

AI, COST, FACE, BOOKING = "ai_recommendation", "cost_calculator", "face_analysis", "appointment_booking"


@pytest.mark.parametrize(
    ("seconds", "points"),
    [(0, 0), (299, 0), (300, 1), (599, 1), (600, 2), (1199, 2), (1200, 3), (5000, 3)],
)
def test_active_time_gives_a_point_at_5_10_and_20_minutes(seconds, points):
    assert measure(SessionActivity(active_seconds=seconds)).active_time == points
    assert active_time_points(seconds) == points


@pytest.mark.parametrize(
    ("uses", "points"),
    [
        ({}, 0),
        ({COST: 3}, 1),
        ({COST: 1, FACE: 1}, 2),
        ({COST: 1, FACE: 2, AI: 1}, 3),
        ({COST: 1, FACE: 1, AI: 1, BOOKING: 1}, 3),
        ({COST: 0}, 0),
    ],
)
def test_tools_count_the_different_tools_used(uses, points):
    assert measure(SessionActivity(tool_uses=uses)).tools == points


@pytest.mark.parametrize(("asked", "points"), [(0, 0), (1, 1), (2, 2), (4, 2), (5, 3), (9, 3)])
def test_ai_recommendations_give_points_at_1_2_and_5(asked, points):
    assert measure(SessionActivity(tool_uses={AI: asked})).ai_recommendations == points


@pytest.mark.parametrize(
    ("activity", "points"),
    [
        (SessionActivity(), 0),
        (SessionActivity(form_started=True), 1),
        (SessionActivity(form_started=True, form_submitted=True), 2),
        (SessionActivity(form_submitted=True), 2),
        (SessionActivity(tool_uses={BOOKING: 1}), 3),
        (SessionActivity(tool_uses={BOOKING: 1}, form_submitted=True), 3),
    ],
)
def test_bookings_and_forms_started_1_submitted_2_booked_3(activity, points):
    assert measure(activity).bookings_and_forms == points


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "low"),
        (2, "low"),
        (3, "medium"),
        (5, "medium"),
        (6, "high"),
        (8, "high"),
        (9, "very_high"),
        (12, "very_high"),
    ],
)
def test_levels(score, level):
    assert engagement_level(score) == level


def test_a_whole_session_adds_its_parts():
    busy = SessionActivity(
        active_seconds=21 * 60, tool_uses={AI: 5, COST: 1, BOOKING: 1}, form_started=True, form_submitted=True
    )
    engagement = measure(busy)
    assert (engagement.score, engagement.level) == (12, "very_high")
    light = measure(SessionActivity(active_seconds=6 * 60, tool_uses={COST: 1}))
    assert (light.score, light.level) == (2, "low")


@pytest.mark.parametrize(("before", "after"), [(0, 299), (0, 300), (299, 700), (650, 1300), (100, 4000)])
def test_moving_the_active_time_matches_measuring_again(before, after):
    uses = {AI: 2, COST: 1}
    score = measure(SessionActivity(before, uses, form_started=True)).score
    assert (
        with_active_time(score, before, after)
        == measure(SessionActivity(after, uses, form_started=True)).score
    )
