"""POST /api/v1/tools/<tool> and /api/v1/leads: SPEC's contract, worked examples and journeys (what a
known email may not reveal: tests/api/test_known_email.py)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Booking, ContactPrompt, Interaction, Lead
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from tests.live import at_once, post_json, serve

BIG_CALC = {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"}
SMALL_CALC = {"procedures": ["botox"], "budget_range": "under_1k", "urgency": "flexible"}
RESPONSE_KEYS = {
    "visitor_id",
    "session_id",
    "interaction_id",
    "result",
    "lead_score",
    "engagement_level",
    "score_breakdown",
    "show_contact_form",
    "form_fields",
}


def use(client, tool, body, status=200):
    response = client.post(f"/api/v1/tools/{tool}", json=body)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def test_spec_example_cost_calculator_scores_100_high(api):
    body = use(api, "cost_calculator", BIG_CALC)
    assert body.keys() >= RESPONSE_KEYS
    assert (body["lead_score"], body["engagement_level"]) == (100, "high")
    assert body["score_breakdown"] == [
        {"rule": "Cost calculator used", "points": 70},
        {"rule": "Multiple procedures", "points": 15},
        {"rule": "High budget", "points": 20},
        {"rule": "Immediate urgency", "points": 25},
    ]
    result = body["result"]
    assert [item["procedure"] for item in result["items"]] == ["botox", "thread_lift"]
    assert result["currency"] == "USD" and result["fits_budget"] is True
    assert result["total_low"] < sum(item["low"] for item in result["items"])  # bundle discount
    assert body["show_contact_form"] and body["form_fields"][0] == "email"


def test_spec_example_two_tools_score_75(api):
    first = use(api, "ai_recommendation", {"query": "I have fine lines and wrinkles on my forehead"})
    assert first["lead_score"] == 60
    assert first["result"]["recommendations"][0]["procedure"] == "botox"
    second = use(api, "cost_calculator", SMALL_CALC)
    assert second["visitor_id"] == first["visitor_id"]
    assert (second["lead_score"], second["engagement_level"]) == (75, "high")


def test_no_tool_use_means_no_score_and_no_form(api):
    api.get("/")
    lead = api.post("/api/v1/leads", json={"email": "zero@example.com", "consent_marketing": False})
    assert lead.status_code == 201
    assert (lead.get_json()["lead_score"], lead.get_json()["engagement_level"]) == (0, "low")


def test_free_text_intent_is_scored(api):
    body = use(api, "ai_recommendation", {"query": "Botox asap please, my budget is around $6000"})
    intent = body["result"]["intent"]
    assert (intent["urgency"], intent["budget_range"]) == ("immediate", "5k_10k")
    points = {item["rule"]: item["points"] for item in body["score_breakdown"]}
    assert points == {"AI recommendation used": 60, "High budget": 20, "Immediate urgency": 25}


def test_headless_client_keeps_its_visitor_id_and_campaign(api, app):
    body = {**SMALL_CALC, "visitor_id": "kiosk-device-0042", "utm": {"source": "partner", "campaign": "fair"}}
    response = use(api.application.test_client(), "cost_calculator", body)
    assert response["visitor_id"] == "kiosk-device-0042"
    with app.app_context():
        interaction = db.session.get(Interaction, response["interaction_id"])
        assert interaction.visitor_id == "kiosk-device-0042" and interaction.data["procedures"] == ["botox"]


def test_journey_form_offered_then_lead_with_attribution(api, app):
    api.get(
        "/?utm_source=google&utm_medium=cpc&utm_campaign=spring",
        headers={"Referer": "https://www.google.com/"},
    )
    body = use(api, "cost_calculator", BIG_CALC)
    assert body["form_fields"] == ["email", "name", "phone"]
    lead = api.post(
        "/api/v1/leads",
        json={
            "email": "Journey@Example.com",
            "name": "Jo",
            "consent_marketing": True,
            "interaction_id": body["interaction_id"],
            "prompt_id": body["prompt_id"],
        },
    )
    assert lead.status_code == 201
    assert lead.get_json() == {
        "accepted": True,
        "visitor_id": body["visitor_id"],
        "lead_score": 100,
        "engagement_level": "high",
    }
    with app.app_context():
        stored = db.session.scalars(select(Lead)).one()
        assert stored.email == "journey@example.com"
        assert (stored.first_utm_campaign, stored.converting_utm_campaign) == ("spring", "spring")
        assert stored.converting_interaction_id == body["interaction_id"]
        assert db.session.get(ContactPrompt, body["prompt_id"]).status == "submitted"
    again = use(api, "ai_recommendation", {"query": "and what about acne scars?"})
    assert "email" not in again["form_fields"] and "name" not in again["form_fields"]


def test_same_email_from_a_second_visitor_merges_and_rescores(api, app):
    first = api.application.test_client()
    use(first, "ai_recommendation", {"query": "wrinkles"})
    created = first.post("/api/v1/leads", json={"email": "two@example.com", "consent_marketing": False})
    second = api.application.test_client()
    use(second, "cost_calculator", SMALL_CALC)
    updated = second.post("/api/v1/leads", json={"email": "TWO@example.com", "consent_marketing": False})
    assert (created.status_code, updated.status_code) == (201, 201)
    assert (created.get_json()["lead_score"], updated.get_json()["lead_score"]) == (60, 70)  # their own
    with app.app_context():
        assert db.session.scalars(select(Lead)).one().score == 75  # max(60, 70) + 5, for staff


def test_dismissal_starts_the_cooldown(api):
    body = use(api, "cost_calculator", BIG_CALC)
    dismissed = api.post(f"/api/v1/prompts/{body['prompt_id']}/dismissed", json={})
    assert dismissed.status_code == 200
    again = use(api, "cost_calculator", SMALL_CALC)
    assert not again["show_contact_form"] and again["form_fields"] == []


def test_face_analysis_json_variant_without_photo(api):
    body = use(api, "face_analysis", {"concerns": ["acne_scars", "large_pores"]})
    result = body["result"]
    assert result["face_found"] is None and result["photo_quality"] is None
    assert {s["procedure"] for s in result["suggestions"][:2]} == {"microneedling", "laser_resurfacing"}
    assert body["lead_score"] == 80


def next_free_slot(client):
    page = client.get("/tools/booking/").get_data(as_text=True)
    return page.split('<option value="')[-1].split('"')[0]


def test_booking_creates_the_lead_at_once_and_serves_an_ics(api, app):
    slot = next_free_slot(api)
    body = use(
        api,
        "appointment_booking",
        {"procedure": "botox", "slot": slot, "email": "bk@example.com", "name": "Bea"},
    )
    assert body["lead_score"] == 90 and "lead_id" not in body
    result = body["result"]
    assert result["procedure"] == "botox" and result["slot"].startswith(slot[:16])
    ics = api.get(result["ics_url"])
    assert ics.status_code == 200 and ics.mimetype == "text/calendar" and b"BEGIN:VEVENT" in ics.data
    taken = use(
        api,
        "appointment_booking",
        {"procedure": "botox", "slot": slot, "email": "x@example.com", "name": "X"},
        409,
    )
    assert "slot" in taken["error"]["fields"]
    with app.app_context():
        booking = db.session.scalars(select(Booking)).one()
        lead = db.session.scalars(select(Lead)).one()
        assert booking.lead_id == lead.id and booking.email == lead.email == "bk@example.com"


def test_booking_in_the_past_is_refused(api):
    past = (utcnow() - timedelta(days=1)).replace(minute=0, second=0, microsecond=0).isoformat()
    error = use(
        api,
        "appointment_booking",
        {"procedure": "botox", "slot": past, "email": "p@example.com", "name": "P"},
        422,
    )
    assert "slot" in error["error"]["fields"]


def test_twenty_concurrent_bookings_of_one_slot_give_one_booking(postgres_app):
    with postgres_app.app_context():
        seed_catalog()
    slot = next_free_slot(postgres_app.test_client())
    with serve(postgres_app) as url:

        def book(index):
            body = {"procedure": "botox", "slot": slot, "email": f"p{index}@example.com", "name": f"P{index}"}
            return post_json(f"{url}/api/v1/tools/appointment_booking", body)[0]

        statuses = sorted(at_once(20, book))
    assert statuses == [200] + [409] * 19
    with postgres_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Booking)) == 1


def test_list_tools_gives_input_schemas(api):
    tools = {tool["name"]: tool for tool in api.get("/api/v1/tools").get_json()["tools"]}
    assert set(tools) == {"ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking"}
    assert "procedures" in tools["cost_calculator"]["input_schema"]["properties"]
    assert tools["cost_calculator"]["url"] == "/api/v1/tools/cost_calculator"


@pytest.mark.parametrize(
    ("tool", "body", "status", "field"),
    [
        ("cost_calculator", {"procedures": []}, 422, "procedures"),
        ("cost_calculator", {"procedures": ["botox"], "budget_range": "lots"}, 422, "budget_range"),
        ("cost_calculator", {"procedures": "botox"}, 422, "procedures"),
        (
            "cost_calculator",
            {"procedures": ["botox"], "time_on_tool_seconds": -5},
            422,
            "time_on_tool_seconds",
        ),
        ("ai_recommendation", {"query": ""}, 422, "query"),
        ("ai_recommendation", {"query": 42}, 422, "query"),
        ("ai_recommendation", {"query": "x" * 5000}, 422, "query"),
        ("face_analysis", {"concerns": ["warts"]}, 422, "concerns"),
        (
            "appointment_booking",
            {"procedure": "botox", "slot": "tomorrow", "email": "a@example.com", "name": "A"},
            422,
            "slot",
        ),
        (
            "appointment_booking",
            {"procedure": "botox", "slot": "2030-01-01T10:00:00", "email": "bad", "name": "A"},
            422,
            "email",
        ),
        ("cost_calculator", {"procedures": ["botox"], "visitor_id": "../etc"}, 422, "visitor_id"),
        ("no_such_tool", {}, 404, None),
    ],
)
def test_bad_tool_input_gets_the_error_shape(api, tool, body, status, field):
    error = use(api, tool, body, status)["error"]
    assert error["code"] and error["message"]
    if field:
        assert field in error["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"consent_marketing": True}, "email"),
        ({"email": "nope"}, "email"),
        ({"email": "a@example.com", "phone": "12"}, "phone"),
    ],
)
def test_bad_lead_input_gets_the_error_shape(api, body, field):
    api.get("/")
    response = api.post("/api/v1/leads", json=body)
    assert response.status_code == 422 and field in response.get_json()["error"]["fields"]
