"""The demo traffic generator on its own (no database): realistic shape, consistent with the tracker."""

from collections import Counter
from datetime import datetime, timedelta

import pytest

from leadcapture.catalog.defaults import CONCERNS, DEFAULT_PROCEDURES
from leadcapture.demo import DemoOptions, generate
from leadcapture.demo.generator import SESSION_COUNT_WEIGHTS
from leadcapture.demo.tools import CONCERN_WEIGHTS, PROCEDURE_WEIGHTS
from leadcapture.tracking.referrer import classify_referrer
from leadcapture.tracking.utm import CAMPAIGN_FIELDS
from tests.cli.demo_loads import generated_tables

NOW = datetime(2026, 11, 23, 12, 0)


@pytest.fixture(scope="module")
def traffic():
    """Rows of 3,000 visitors, by table."""
    return generated_tables(DemoOptions(visitors=3000, days=90, seed=5, now=NOW))


def test_every_table_has_rows_of_one_shape_for_executemany(traffic):
    assert set(traffic) == {
        "visitors",
        "visit_sessions",
        "interactions",
        "behaviour_events",
        "contact_prompts",
        "leads",
        "lead_visitors",
        "bookings",
        "feedback",
        "feedback_prompts",
        "session_tools",
    }
    for rows in traffic.values():
        assert rows and len({tuple(sorted(row)) for row in rows}) == 1


def test_sessions_fall_in_the_window_and_a_visitors_sessions_never_overlap(traffic):
    by_visitor: dict[str, list[dict]] = {}
    for session in traffic["visit_sessions"]:
        assert NOW - timedelta(days=90) <= session["started_at"] <= session["last_seen_at"] < NOW
        assert session["active_seconds"] == int(
            (session["last_seen_at"] - session["started_at"]).total_seconds()
        )
        by_visitor.setdefault(session["visitor_id"], []).append(session)
    for sessions in by_visitor.values():
        assert 1 <= len(sessions) <= max(SESSION_COUNT_WEIGHTS)
        for earlier, later in zip(sessions, sessions[1:], strict=False):
            assert later["started_at"] - earlier["last_seen_at"] > timedelta(minutes=30)
    first_visits = {row["id"]: row["created_at"] for row in traffic["visitors"]}
    assert all(first_visits[vid] == sessions[0]["started_at"] for vid, sessions in by_visitor.items())


def test_referrer_class_is_what_the_tracker_would_compute(traffic):
    classes = Counter()
    for session in traffic["visit_sessions"]:
        campaign = {name: session[name] for name in CAMPAIGN_FIELDS if session[name]}
        assert session["referrer_class"] == classify_referrer(session["referrer"], campaign)
        assert "?" not in session["landing_page"]
        classes[session["referrer_class"]] += 1
    assert set(classes) == {"search", "social", "email", "referral", "direct"}
    assert classes["search"] > classes["referral"]


def test_traffic_is_mobile_heavy_and_seasonal(traffic):
    sessions = traffic["visit_sessions"]
    devices = Counter(session["device_type"] for session in sessions)
    assert devices["mobile"] > len(sessions) / 2 and devices["tablet"] and devices["desktop"]
    hours = Counter(session["started_at"].hour for session in sessions)
    assert hours[20] + hours[21] > 4 * (hours[3] + hours[4])
    days = Counter(session["started_at"].weekday() for session in sessions)
    assert days[1] > days[5]
    assert any(session["privacy_signal"] and session["ip_anonymized"] is None for session in sessions)
    assert all(
        session["ip_anonymized"].endswith((".0", "::")) for session in sessions if session["ip_anonymized"]
    )


def test_tool_use_narrows_down_the_funnel(traffic):
    tools = Counter(row["tool"] for row in traffic["interactions"])
    sessions_with_tools = {row["session_id"] for row in traffic["interactions"]}
    assert 0.1 < len(sessions_with_tools) / len(traffic["visit_sessions"]) < 0.5
    assert tools["cost_calculator"] > tools["appointment_booking"] > 0
    assert tools["ai_recommendation"] > tools["face_analysis"] > 0


def test_interactions_come_with_their_tool_steps(traffic):
    events = Counter(
        (row["session_id"], row["event_type"], row["name"]) for row in traffic["behaviour_events"]
    )
    for interaction in traffic["interactions"]:
        session, tool = interaction["session_id"], interaction["tool"]
        assert events[(session, "tool_usage", f"{tool}:start")] >= 1
        assert events[(session, "tool_usage", f"{tool}:result")] >= 1
    bookings = [row for row in traffic["interactions"] if row["tool"] == "appointment_booking"]
    assert all(events[(row["session_id"], "form_submit", "booking_form")] for row in bookings)


def test_the_same_seed_gives_the_same_rows_apart_from_ids():
    def without_ids(seed):
        bundles = generate(DemoOptions(visitors=50, seed=seed, now=NOW))
        return [
            [(row["tool"], row["data"], row["created_at"]) for row in bundle["interactions"]]
            + [(row["event_type"], row["client_timestamp"]) for row in bundle["behaviour_events"]]
            for bundle in bundles
        ]

    assert without_ids(3) == without_ids(3)
    assert without_ids(3) != without_ids(4)


def test_every_concern_and_procedure_of_the_catalog_can_come_up():
    assert set(CONCERN_WEIGHTS) == set(CONCERNS)
    assert set(PROCEDURE_WEIGHTS) == {procedure["id"] for procedure in DEFAULT_PROCEDURES}
