"""Demo leads (no database): contact forms after tool uses, leads from forms and bookings, free slots."""

from collections import Counter
from datetime import datetime, timedelta

import pytest

from leadcapture.demo import DemoOptions
from leadcapture.demo.tools import CLINIC_HOURS
from leadcapture.models import ATTRIBUTION_FIELDS
from leadcapture.scoring import DEFAULT_SETTINGS
from leadcapture.tracking.interactions import input_hash
from tests.cli.demo_loads import generated_tables

NOW = datetime(2026, 11, 23, 12, 0)


def tables(**options) -> dict[str, list[dict]]:
    return generated_tables(DemoOptions(**{"visitors": 4000, "seed": 9, "now": NOW, **options}))


@pytest.fixture(scope="module")
def demo():
    return tables()


def first_sessions(demo) -> dict[str, dict]:
    first: dict[str, dict] = {}
    for session in demo["visit_sessions"]:
        known = first.get(session["visitor_id"])
        if known is None or session["started_at"] < known["started_at"]:
            first[session["visitor_id"]] = session
    return first


def test_a_realistic_share_of_tool_users_is_offered_the_form_and_some_become_leads(demo):
    visitors = len(demo["visitors"])
    tool_users = {row["visitor_id"] for row in demo["interactions"]}
    prompted = {row["visitor_id"] for row in demo["contact_prompts"]}
    assert prompted <= tool_users and len(prompted) > 0.7 * len(tool_users)
    assert 0.02 < len(demo["leads"]) / visitors < 0.07
    assert 0.05 < len(demo["leads"]) / len(tool_users) < 0.25
    assert 0 < len(demo["bookings"]) < len(demo["leads"]) / 2
    assert set(Counter(row["status"] for row in demo["contact_prompts"])) == {
        "offered",
        "interacted",
        "submitted",
        "dismissed",
    }


def test_forms_follow_tool_uses_within_the_live_settings(demo):
    interactions = {(row["session_id"], row["created_at"]): row for row in demo["interactions"]}
    per_session = Counter(row["session_id"] for row in demo["contact_prompts"])
    assert max(per_session.values()) <= DEFAULT_SETTINGS.max_prompts_per_session
    for prompt in demo["contact_prompts"]:
        after = interactions[(prompt["session_id"], prompt["offered_at"] - timedelta(seconds=1))]
        assert after["tool"] != "appointment_booking"
        assert prompt["fields"] == ["email", "name", "phone"]
        assert prompt["score"] >= DEFAULT_SETTINGS.form_threshold
        moments = [prompt[name] for name in ("interacted_at", "submitted_at", "dismissed_at") if prompt[name]]
        assert all(prompt["offered_at"] < moment for moment in moments)
        assert (prompt["status"] == "submitted") == (prompt["submitted_at"] is not None)
        assert (prompt["status"] == "dismissed") == (prompt["dismissed_at"] is not None)


def test_each_lead_comes_from_a_submitted_form_or_a_booking_with_its_attribution(demo):
    leads = {row["email"]: row for row in demo["leads"]}
    assert len(leads) == len(demo["leads"])
    visitor_of = {row["lead_email"]: row["visitor_id"] for row in demo["lead_visitors"]}
    assert set(visitor_of) == set(leads) and len(set(visitor_of.values())) == len(leads)
    interactions = {row["id"]: row for row in demo["interactions"]}
    sessions = {row["id"]: row for row in demo["visit_sessions"]}
    first = first_sessions(demo)
    forms = {
        (row["visitor_id"], row["submitted_at"]) for row in demo["contact_prompts"] if row["submitted_at"]
    }
    bookings = {(row["visitor_id"], row["created_at"]) for row in demo["bookings"]}
    for email, lead in leads.items():
        visitor = visitor_of[email]
        assert (visitor, lead["created_at"]) in forms | bookings
        converting = interactions[lead["converting_interaction_id"]]
        session = sessions[converting["session_id"]]
        assert converting["visitor_id"] == visitor
        assert (
            session["started_at"] <= converting["created_at"] <= lead["created_at"] <= session["last_seen_at"]
        )
        for name in ATTRIBUTION_FIELDS:
            assert lead[f"converting_{name}"] == session[name]
            assert lead[f"first_{name}"] == first[visitor][name]
    assert len(leads) == len(forms) + len({visitor for visitor, _at in bookings} - {v for v, _at in forms})


def test_leads_are_scored_and_spread_over_the_workflow(demo):
    booked = {row["lead_email"] for row in demo["bookings"]}
    for lead in demo["leads"]:
        assert 0 <= lead["score"] <= 100 and lead["score_breakdown"]
        expected_level = "high" if lead["score"] >= 70 else "medium" if lead["score"] >= 40 else "low"
        assert lead["engagement_level"] == expected_level
        assert lead["rule_set_version"] is None  # SPEC's rules, not a stored version
        assert lead["created_at"] <= lead["updated_at"] <= NOW
        if lead["email"] in booked:
            assert lead["score"] >= 90 and lead["name"]
        assert (lead["consent_at"] is None) == (lead["consent_text"] is None)
    statuses = Counter(lead["status"] for lead in demo["leads"])
    assert set(statuses) == {"new", "contacted", "qualified", "won", "lost"}
    fresh = [lead for lead in demo["leads"] if NOW - lead["created_at"] < timedelta(days=2)]
    assert fresh and all(lead["status"] in ("new", "contacted") for lead in fresh)
    consents = Counter(lead["consent_marketing"] for lead in demo["leads"] if lead["consent_text"])
    assert consents[True] and consents[False]


def test_bookings_take_distinct_future_slots_in_clinic_hours_as_their_interactions_say(demo):
    slots = [row["slot_start"] for row in demo["bookings"]]
    assert len(set(slots)) == len(slots)
    by_use = {
        (row["visitor_id"], row["created_at"]): row
        for row in demo["interactions"]
        if row["tool"] == "appointment_booking"
    }
    assert len(by_use) == len(demo["bookings"])
    lead_emails = {row["email"] for row in demo["leads"]}
    for booking in demo["bookings"]:
        use = by_use[(booking["visitor_id"], booking["created_at"])]
        assert datetime.fromisoformat(use["data"]["slot"]) == booking["slot_start"]
        assert use["input_hash"] == input_hash("appointment_booking", use["data"])
        assert booking["procedure_id"] == use["data"]["procedure"]
        assert booking["lead_email"] == booking["email"] and booking["email"] in lead_emails
        slot = booking["slot_start"]
        assert slot > booking["created_at"] and slot.weekday() != 6 and slot.hour in CLINIC_HOURS


def test_slots_already_booked_are_never_taken_again():
    first = tables(visitors=3000, seed=4)
    taken = frozenset(row["slot_start"] for row in first["bookings"])
    again = tables(visitors=3000, seed=4, taken_slots=taken)
    assert len(again["bookings"]) == len(first["bookings"]) > 20
    assert not taken & {row["slot_start"] for row in again["bookings"]}


def test_the_leads_rate_sets_how_many_forms_are_submitted():
    none = tables(visitors=2000, leads_rate=0.0)
    assert not [row for row in none["contact_prompts"] if row["status"] == "submitted"]
    assert len(none["leads"]) == len({row["lead_email"] for row in none["bookings"]}) > 0
    many = tables(visitors=2000, leads_rate=0.5)
    assert len(many["leads"]) > 3 * len(tables(visitors=2000)["leads"])
