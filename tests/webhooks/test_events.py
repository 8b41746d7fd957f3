"""Each event comes from the change that causes it, through the public API, the tools and the
admin, once committed: signed, in Standard Webhooks' shape, with no contact details."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.privacy.erase import erase_person
from leadcapture.scoring_rules.draft import update_rule
from leadcapture.visitor_scores.publishing import publish_and_rescore
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import signed_in_client
from tests.api.test_tools import SMALL_CALC, next_free_slot, use
from tests.visitor_scores.test_preview_and_cli import calculator_rule_id
from tests.webhooks.helpers import register

ANA = {"email": "ana@example.com", "name": "Ana Lopez", "phone": "+1 415 555 0100"}


def lead_id(app, email="ana@example.com") -> int:
    with app.app_context():
        return db.session.scalar(select(Lead.id).where(Lead.email == email))


def no_contact_details(receiver) -> None:
    for request in receiver.received:
        for value in ("ana@example.com", "Ana Lopez", "4155550100", "botox"):
            assert value.encode() not in request.body


def test_a_new_lead_is_one_lead_created_event_with_its_score(api, app, receiver):
    register(app, receiver)
    use(api, "cost_calculator", SMALL_CALC)
    assert api.post("/api/v1/leads", json=ANA).status_code == 201
    finish_jobs(app)
    [event] = receiver.events()
    assert event["type"] == "lead.created" and event["timestamp"].endswith("Z")
    assert event["data"] == {
        "lead_id": lead_id(app),
        "score": 70,
        "engagement_level": "high",
        "status": "new",
        "url": f"http://127.0.0.1:5000/admin/leads/{lead_id(app)}",
    }
    headers = receiver.received[0].headers
    assert headers["webhook-id"].startswith("msg_") and headers["content-type"] == "application/json"
    no_contact_details(receiver)


def test_a_score_change_says_what_it_was(api, app, receiver):
    use(api, "cost_calculator", SMALL_CALC)
    api.post("/api/v1/leads", json=ANA)
    register(app, receiver, ["lead.score_changed"])
    use(api, "ai_recommendation", {"query": "wrinkles on my forehead"})  # max(60, 70) + 5
    use(api, "ai_recommendation", {"query": "wrinkles on my forehead"})  # the same input: recorded once
    finish_jobs(app)
    [event] = receiver.events()
    assert event["type"] == "lead.score_changed"
    assert {key: event["data"][key] for key in ("score", "previous_score", "previous_engagement_level")} == {
        "score": 75,
        "previous_score": 70,
        "previous_engagement_level": "high",
    }


def test_a_rescore_after_publishing_changes_scores_in_bulk(api, app, receiver):
    use(api, "cost_calculator", SMALL_CALC)
    api.post("/api/v1/leads", json=ANA)
    erased = app.test_client()
    use(erased, "cost_calculator", SMALL_CALC)
    erased.post("/api/v1/leads", json={"email": "bob@example.com"})
    register(app, receiver, ["lead.score_changed"])
    with app.app_context():
        erase_person("bob@example.com")  # an erased lead is never heard of again
        update_rule(calculator_rule_id(), {"points": 40}, actor="tests")
        publish_and_rescore("tests")
    finish_jobs(app)  # the rescore, then its deliveries
    finish_jobs(app)
    [event] = receiver.events()
    assert (event["data"]["lead_id"], event["data"]["score"], event["data"]["previous_score"]) == (
        lead_id(app),
        40,
        70,
    )
    assert event["data"]["engagement_level"] == "medium"


def test_a_deleted_lead_emits_nothing(api, app, receiver):
    use(api, "cost_calculator", SMALL_CALC)
    api.post("/api/v1/leads", json=ANA)
    register(app, receiver)
    assert signed_in_client(app).post(f"/admin/leads/{lead_id(app)}/delete").status_code == 303
    use(api, "ai_recommendation", {"query": "wrinkles on my forehead"})  # its score changes
    api.post("/api/v1/leads", json=ANA)
    finish_jobs(app)
    with app.app_context():
        assert db.session.get(Lead, lead_id(app)).score == 75
    assert receiver.received == []


def test_sales_moving_a_status_is_a_status_event(api, app, receiver):
    api.post("/api/v1/leads", json=ANA)
    register(app, receiver)
    sales = signed_in_client(app, "sales")
    moved = sales.post(f"/admin/leads/{lead_id(app)}/status", data={"status": "contacted", "from": "new"})
    assert moved.status_code == 303
    finish_jobs(app)
    [event] = receiver.events()
    assert event["type"] == "lead.status_changed"
    assert (event["data"]["status"], event["data"]["previous_status"]) == ("contacted", "new")


def test_a_booking_is_a_booking_event_linked_to_its_lead(api, app, receiver):
    register(app, receiver)
    slot = next_free_slot(api)
    body = use(api, "appointment_booking", {"procedure": "botox", "slot": slot, **ANA})
    finish_jobs(app)
    [booking] = receiver.of_type("booking.created")
    assert booking["data"] == {
        "booking_id": body["result"]["booking_id"],
        "lead_id": lead_id(app),
        "slot": slot + ("" if slot.endswith("Z") else "Z"),
        "slot_minutes": 30,
    }
    assert [event["data"]["score"] for event in receiver.of_type("lead.created")] == [90]
    no_contact_details(receiver)


def test_feedback_is_a_feedback_event_without_its_comment(api, app, receiver):
    register(app, receiver, ["feedback.submitted"])
    feedback = {"rating": 5, "context": "in_app", "comment": "Lovely staff, thank you!", **ANA}
    answer = api.post("/api/v1/feedback", json=feedback)
    assert answer.status_code == 201
    finish_jobs(app)
    [event] = receiver.events()
    assert event["data"] == {
        "feedback_id": answer.get_json()["feedback_id"],
        "lead_id": lead_id(app),
        "rating": 5,
        "context": "in_app",
        "tool": None,
        "sentiment": "positive",
    }
    assert b"Lovely" not in receiver.received[0].body
    no_contact_details(receiver)


def test_an_endpoint_hears_only_the_events_it_wants(api, app, receiver):
    register(app, receiver, ["booking.created"])
    api.post("/api/v1/leads", json=ANA)
    api.post("/api/v1/feedback", json={"rating": 3, "context": "in_app"})
    finish_jobs(app)
    assert receiver.received == []
