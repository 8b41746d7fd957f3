"""POST /api/v1/prompts (may a prompt show now?) and /api/v1/prompts/<id>/<action> (what the visitor
did with it, sendBeacon's bodies too), against the OpenAPI document."""

import pytest
from openapi_core import OpenAPI
from sqlalchemy import select

from leadcapture.apidoc.document import openapi_document
from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, FeedbackPrompt, VisitSession
from tests.api.test_openapi import checked

CALC = {"procedures": ["botox"], "budget_range": "1k_5k"}


@pytest.fixture(scope="module")
def spec():
    return OpenAPI.from_dict(openapi_document())


def use_tool(api) -> dict:
    response = api.post("/api/v1/tools/cost_calculator", json=CALC)
    assert response.status_code == 200
    return response.get_json()


def ask(api, spec, status=200, **body):
    return checked(spec, api, "/api/v1/prompts", status, json=body)


def test_the_rating_card_waits_until_the_contact_form_is_off_screen(api, spec, app):
    tool = use_tool(api)
    assert tool["show_contact_form"]
    card = {"type": "tool_result", "interaction_id": tool["interaction_id"]}
    assert ask(api, spec, **card) == {"show": False, "reason": "on_screen"}
    closed = checked(spec, api, f"/api/v1/prompts/{tool['prompt_id']}/closed", 200, json={})
    assert closed == {"prompt_id": tool["prompt_id"], "status": "closed"}
    shown = ask(api, spec, 201, **card)
    assert (shown["show"], shown["type"], shown["engagement_level"]) == (True, "tool_result", "low")
    assert shown["message"] == {
        "greeting": "Thanks for visiting the clinic!",
        "ask": "Quick feedback? It takes 30 seconds and helps us make this site more useful for you.",
        "question": "Was this helpful?",
    }
    with app.app_context():
        prompt = db.session.get(FeedbackPrompt, shown["prompt_id"])
        assert (prompt.status, prompt.interaction_id, prompt.visitor_id) == (
            "shown",
            tool["interaction_id"],
            tool["visitor_id"],
        )
    assert ask(api, spec, type="in_app") == {"show": False, "reason": "on_screen"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{}", "text/plain;charset=UTF-8"), ("", None), ("visitor_id=", "application/x-www-form-urlencoded")],
    ids=["text", "empty", "form"],
)
def test_beacon_bodies_report_an_abandoned_contact_form(api, app, body, content_type):
    tool = use_tool(api)
    prompt_id = tool["prompt_id"]
    assert api.post(f"/api/v1/prompts/{prompt_id}/interacted", json={}).status_code == 200
    headers = {"Content-Type": content_type} if content_type else {}
    sent = {"data": body} if content_type != "application/x-www-form-urlencoded" else {"data": {}}
    response = api.post(f"/api/v1/prompts/{prompt_id}/abandoned", headers=headers, **sent)
    assert response.status_code == 200, response.get_json()
    with app.app_context():
        prompt = db.session.get(ContactPrompt, prompt_id)
        assert prompt.status == "abandoned" and prompt.abandoned_at >= prompt.interacted_at


def test_a_headless_client_names_its_visitor_in_a_beacon_form(app, api):
    tool = use_tool(api)
    other = app.test_client()  # no cookie: the form names the visitor
    response = other.post(
        f"/api/v1/prompts/{tool['prompt_id']}/dismissed", data={"visitor_id": tool["visitor_id"]}
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.get(ContactPrompt, tool["prompt_id"]).status == "dismissed"


def test_a_late_touch_never_undoes_a_dismissal(api, app):
    tool = use_tool(api)
    api.post(f"/api/v1/prompts/{tool['prompt_id']}/closed", json={})
    card = api.post("/api/v1/prompts", json={"type": "tool_result", "interaction_id": tool["interaction_id"]})
    prompt_id = card.get_json()["prompt_id"]
    for action in ("dismissed", "interacted", "closed"):
        assert api.post(f"/api/v1/prompts/{prompt_id}/{action}", json={}).status_code == 200
    with app.app_context():
        prompt = db.session.get(FeedbackPrompt, prompt_id)
        assert (prompt.status, prompt.closed_at) == ("dismissed", None)
        assert prompt.interacted_at is not None and prompt.dismissed_at is not None


def test_another_visitors_prompt_or_a_made_up_id_is_not_found(api, app):
    tool = use_tool(api)
    stranger = app.test_client()
    stranger.post("/api/v1/tools/cost_calculator", json=CALC)  # a visitor of their own
    for client, prompt_id in ((stranger, tool["prompt_id"]), (api, "0" * 32), (api, "not-an-id")):
        response = client.post(f"/api/v1/prompts/{prompt_id}/dismissed", json={})
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    with app.app_context():
        assert db.session.scalars(select(ContactPrompt.status)).all() == ["offered", "offered"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "type"),
        ({"type": "email"}, "type"),
        ({"type": "tool_result"}, "interaction_id"),
        ({"type": "tool_result", "interaction_id": "f" * 32}, "interaction_id"),
        ({"type": "after_booking", "booking_id": "x"}, "booking_id"),
        ({"type": 3}, "type"),
    ],
)
def test_a_bad_request_gets_the_error_shape(api, body, field):
    use_tool(api)
    response = api.post("/api/v1/prompts", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_another_visitors_tool_use_cannot_be_rated_here(api, app):
    tool = use_tool(api)
    response = app.test_client().post(
        "/api/v1/prompts", json={"type": "tool_result", "interaction_id": tool["interaction_id"]}
    )
    assert response.status_code == 422 and "interaction_id" in response.get_json()["error"]["fields"]


def test_a_new_visitor_is_told_why_not_and_gets_its_cookie(api):
    response = api.post("/api/v1/prompts", json={"type": "in_app"})
    assert response.get_json() == {"show": False, "reason": "no_tool_use"}
    assert "lc_vid=" in response.headers.get("Set-Cookie", "")


def shown_card(api) -> tuple[dict, dict]:
    """A tool use (its contact form closed) and the rating card shown under it."""
    tool = use_tool(api)
    api.post(f"/api/v1/prompts/{tool['prompt_id']}/closed", json={})
    card = api.post("/api/v1/prompts", json={"type": "tool_result", "interaction_id": tool["interaction_id"]})
    assert card.status_code == 201
    return tool, card.get_json()


def test_feedback_sent_with_a_prompt_id_marks_it_submitted_and_quiets_prompts(api, app):
    tool, card = shown_card(api)
    body = {
        "rating": 5,
        "context": "tool_result",
        "prompt_id": card["prompt_id"],
        "interaction_id": tool["interaction_id"],
    }
    assert api.post("/api/v1/feedback", json=body).status_code == 201
    with app.app_context():
        prompt = db.session.get(FeedbackPrompt, card["prompt_id"])
        assert prompt.status == "submitted" and prompt.submitted_at is not None
    assert api.post("/api/v1/prompts", json={"type": "exit_intent"}).get_json() == {
        "show": False,
        "reason": "after_submission",
    }


def test_feedback_sent_without_a_prompt_quiets_prompts_too(api):
    use_tool(api)
    assert api.post("/api/v1/feedback", json={"rating": 2, "context": "in_app"}).status_code == 201
    assert (
        api.post("/api/v1/prompts", json={"type": "exit_intent"}).get_json()["reason"] == "after_submission"
    )


def test_another_visitors_prompt_id_on_feedback_leaves_that_prompt_alone(api, app):
    _, card = shown_card(api)
    stranger = app.test_client()
    assert (
        stranger.post(
            "/api/v1/feedback", json={"rating": 1, "context": "tool_result", "prompt_id": card["prompt_id"]}
        ).status_code
        == 201
    )
    with app.app_context():
        assert db.session.get(FeedbackPrompt, card["prompt_id"]).status == "shown"


@pytest.mark.parametrize(
    ("level", "greeting", "engaged"),
    [
        ("low", "Thanks for visiting the clinic!", False),
        ("medium", "Nice! You got a feel for what the clinic offers.", False),
        ("high", "Great visit! You tried several of our tools.", True),
        ("very_high", "You really explored your options with us!", True),
    ],
)
def test_the_message_follows_the_sessions_engagement_level(api, app, level, greeting, engaged):
    tool = use_tool(api)
    api.post(f"/api/v1/prompts/{tool['prompt_id']}/closed", json={})
    with app.app_context():
        db.session.get(VisitSession, tool["session_id"]).engagement_level = level
        db.session.commit()
    shown = api.post("/api/v1/prompts", json={"type": "in_app"}).get_json()
    assert (shown["engagement_level"], shown["message"]["greeting"]) == (level, greeting)
    assert shown["message"]["ask"].startswith("Since you spent time exploring") is engaged
    with app.app_context():
        assert db.session.get(FeedbackPrompt, shown["prompt_id"]).engagement_level == level
