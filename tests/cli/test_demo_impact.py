"""Demo behaviour for product analytics: events of every business impact in a realistic mix, tool
uses, bookings and contact forms started and left, visitors returning over weeks, each session's
analytics as the tracker would have counted them; and `flask demo-data` loads them with the impact
table in force."""

from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.demo import DemoOptions
from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, EventImpactRule, Interaction, SessionTool, VisitSession
from leadcapture.tracking import EVENT_TYPES
from leadcapture.tracking.impact import impact_of
from leadcapture.tracking.session_counts import tool_of
from tests.cli.demo_loads import demo_data, generated_tables

pytestmark = pytest.mark.heavy

NOW = datetime(2026, 11, 23, 12, 0)


@pytest.fixture(scope="module")
def demo():
    return generated_tables(DemoOptions(visitors=4000, days=90, seed=11, now=NOW))


def by_session(rows: list[dict]) -> dict[str, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row["session_id"]].append(row)
    return grouped


def test_events_of_every_impact_in_a_realistic_mix(demo):
    events = demo["behaviour_events"]
    assert all(row["impact"] == impact_of(row["event_type"], row["name"]) for row in events)
    mix = Counter(row["impact"] for row in events)
    assert mix["low"] > 0.7 * len(events)  # mostly reading and navigating
    assert 0.02 * len(events) < mix["high"] < mix["medium"] < mix["low"]
    assert {row["event_type"] for row in events} == set(EVENT_TYPES)
    steps = Counter(row["name"].split(":")[1] for row in events if row["event_type"] == "tool_usage")
    assert set(steps) == {"start", "slot", "failed", "result"}
    exports = Counter(row["name"] for row in events if row["event_type"] == "export")
    assert set(exports) == {"recommendations_pdf", "cost_estimate_pdf", "booking_ics"}


def test_tools_bookings_and_forms_are_started_and_left(demo):
    used = {(row["session_id"], row["tool"]) for row in demo["interactions"]}
    abandoned = Counter()
    for session_id, events in by_session(demo["behaviour_events"]).items():
        events.sort(key=lambda row: row["client_timestamp"])
        started = {
            tool_of(row["event_type"], row["name"]) for row in events if row["name"].endswith(":start")
        }
        for tool in started - {None}:
            if (session_id, tool) not in used:
                abandoned[tool] += 1
                # The visitor left there: its last tool step (a booking: the slot picked).
                last = [row["name"] for row in events if row["event_type"] == "tool_usage"][-1]
                assert last in (f"{tool}:start", f"{tool}:slot")
    assert set(abandoned) == {"ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking"}
    assert abandoned["appointment_booking"] > 0.2 * sum(tool == "appointment_booking" for _, tool in used)
    forms_left = [row for row in demo["contact_prompts"] if row["interacted_at"] and not row["submitted_at"]]
    assert len(forms_left) > 0.05 * len(demo["contact_prompts"])


def test_visitors_return_over_weeks(demo):
    visits = defaultdict(list)
    for session in demo["visit_sessions"]:
        visits[session["visitor_id"]].append(session["started_at"])
    cohort = [sorted(days) for days in visits.values() if days and min(days) < NOW - timedelta(days=60)]
    returned = Counter()
    for days in cohort:
        weeks = {(day - days[0]).days // 7 for day in days[1:]}
        returned.update(weeks & {1, 2, 3, 4, 6})
    shares = {week: returned[week] / len(cohort) for week in (1, 2, 3, 4, 6)}
    assert 0.04 < shares[1] < 0.25
    assert shares[1] > shares[2] > shares[4] > shares[6] > 0.002
    assert any(days[-1] - days[0] > timedelta(weeks=6) for days in cohort)


def test_each_session_carries_what_its_rows_add_up_to(demo):
    events, uses = by_session(demo["behaviour_events"]), Counter()
    for row in demo["interactions"]:
        uses[(row["session_id"], row["tool"])] += 1
    tools = {(row["session_id"], row["tool"]): (row["uses"], row["events"]) for row in demo["session_tools"]}
    expected_tools = defaultdict(lambda: [0, 0])
    for key, count in uses.items():
        expected_tools[key][0] = count
    for session in demo["visit_sessions"]:
        own = events.get(session["id"], [])
        impacts = Counter(row["impact"] for row in own)
        assert (session["events_high"], session["events_medium"], session["events_low"]) == (
            impacts["high"],
            impacts["medium"],
            impacts["low"],
        )
        assert session["exports"] == sum(row["event_type"] == "export" for row in own)
        for row in own:
            duration = row["client_timestamp"] - session["started_at"]
            assert row["session_duration_ms"] == duration // timedelta(milliseconds=1)
            assert 0 <= row["time_on_page_ms"] <= row["session_duration_ms"]
            if tool := tool_of(row["event_type"], row["name"]):
                expected_tools[(session["id"], tool)][1] += 1
    assert tools == {key: tuple(value) for key, value in expected_tools.items()}


def test_demo_data_loads_them_with_the_impact_table_in_force(runner, app):
    with app.app_context():
        db.session.add(EventImpactRule(event_type="click", pattern="cta_start", impact="medium"))
        db.session.commit()
    demo_data(runner, "--visitors", "300", "--seed", "3")
    with app.app_context():
        clicks = db.session.execute(
            select(BehaviourEvent.name, BehaviourEvent.impact).where(BehaviourEvent.event_type == "click")
        ).all()
        assert {impact for name, impact in clicks if name == "cta_start"} == {"medium"}
        counted = db.session.execute(
            select(
                func.sum(VisitSession.events_high + VisitSession.events_medium + VisitSession.events_low),
                func.sum(VisitSession.exports),
            )
        ).one()
        events = db.session.scalar(select(func.count()).select_from(BehaviourEvent))
        exports = db.session.scalar(select(func.count()).where(BehaviourEvent.event_type == "export"))
        assert tuple(counted) == (events, exports)
        tool_uses = db.session.scalar(select(func.sum(SessionTool.uses)))
        assert tool_uses and tool_uses == db.session.scalar(select(func.count()).select_from(Interaction))
