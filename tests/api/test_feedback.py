"""POST /api/v1/feedback: SPEC's contract (201 with the comment's sentiment; 400, 415 and 422 in the
error shape), what is stored with it, and the tracking consent it honours."""

import pytest
from openapi_core import OpenAPI
from sqlalchemy import select

from leadcapture.apidoc.document import openapi_document
from leadcapture.engagement import session_engagement
from leadcapture.extensions import db
from leadcapture.models import Feedback, Visitor
from tests.admin.signin import signed_in_client
from tests.api.test_openapi import checked, exchange
from tests.api.test_tools import SMALL_CALC, use

PRAISE = "The cost calculator was really helpful and the staff were lovely, thank you!"
COMPLAINT = "Terrible experience. The booking page was confusing, slow and broken. Very disappointed."


def post(client, body, status=201, **kwargs) -> dict:
    response = client.post("/api/v1/feedback", json=body, **kwargs)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def stored(app, feedback_id: str) -> Feedback:
    with app.app_context():
        row = db.session.get(Feedback, feedback_id)
        db.session.expunge(row)
        return row


def test_a_rating_after_a_tool_result_is_stored_with_its_session_and_tool(api, app):
    answer = use(api, "cost_calculator", SMALL_CALC)
    body = {
        "rating": 4,
        "ratings": {"ux": 5, "tool": 4, "ease_of_use": 3},
        "ease_of_use": "easy",
        "helpfulness": "very_helpful",
        "would_book": "maybe",
        "comment": PRAISE,
        "context": "tool_result",
        "interaction_id": answer["interaction_id"],
        "prompt_id": answer["prompt_id"],
    }
    created = post(api, body)
    assert set(created) == {"feedback_id", "sentiment"}
    assert created["sentiment"]["label"] == "positive" and 0.5 < created["sentiment"]["score"] <= 1
    row = stored(app, created["feedback_id"])
    assert (row.visitor_id, row.session_id) == (answer["visitor_id"], answer["session_id"])
    assert (row.interaction_id, row.tool, row.prompt_id) == (
        answer["interaction_id"],
        "cost_calculator",
        answer["prompt_id"],
    )
    assert (row.rating, row.rating_experience, row.rating_tool, row.rating_ease_of_use) == (4, 5, 4, 3)
    assert (row.ease_of_use, row.helpfulness, row.would_book) == ("easy", "very_helpful", "maybe")
    assert row.comment == PRAISE and row.context == "tool_result" and row.lead_id is None
    assert (row.sentiment_label, row.sentiment_score) == ("positive", created["sentiment"]["score"])
    with app.app_context():  # one tool used: a low session engagement, kept with the feedback
        assert row.engagement_level == session_engagement(row.session_id)[1] == "low"


def test_a_clearly_negative_comment_is_negative(api):
    sentiment = post(api, {"rating": 1, "comment": COMPLAINT, "context": "exit_intent"})["sentiment"]
    assert sentiment["label"] == "negative" and sentiment["score"] < -0.5


def test_a_rating_alone_is_neutral_and_stores_no_sentiment(api, app):
    created = post(api, {"rating": 3, "context": "in_app", "comment": "   "})
    assert created["sentiment"] == {"label": "neutral", "score": 0.0}
    row = stored(app, created["feedback_id"])
    assert (row.comment, row.sentiment_label, row.sentiment_score) == (None, None, None)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"rating": 6, "context": "in_app"}, {"rating"}),
        ({"rating": 0, "context": "in_app"}, {"rating"}),
        ({"rating": 4.5, "context": "in_app"}, {"rating"}),
        ({"rating": True, "context": "in_app"}, {"rating"}),
        ({"rating": "five", "context": "in_app"}, {"rating"}),
        ({"context": "in_app"}, {"rating"}),
        ({"rating": 5, "context": "survey"}, {"context"}),
        ({"rating": 5}, {"context"}),
        ({"rating": 5, "context": "in_app", "comment": "x" * 5001}, {"comment"}),
        ({"rating": 5, "context": "in_app", "ratings": {"tool": 9}}, {"ratings.tool"}),
        ({"rating": 5, "context": "in_app", "ratings": {"price": 3}}, {"ratings.price"}),
        ({"rating": 5, "context": "in_app", "would_book": "perhaps"}, {"would_book"}),
        ({"rating": 5, "context": "in_app", "email": "not an email"}, {"email"}),
        ({"rating": 5, "context": "in_app", "follow_up_consent": True}, {"follow_up_consent"}),
        ({"rating": 9, "context": "x", "comment": "y" * 5001}, {"rating", "context", "comment"}),
    ],
)
def test_bad_input_is_422_with_a_message_per_field(api, app, body, fields):
    error = post(api, body, status=422)["error"]
    assert error["code"] == "validation_failed" and error["message"]
    assert set(error["fields"]) == fields and all(error["fields"].values())
    with app.app_context():
        assert db.session.scalar(select(Feedback.id)) is None


def test_a_comment_of_exactly_5000_characters_is_accepted(api, app):
    created = post(api, {"rating": 2, "context": "email", "comment": "ok " * 1666 + "ok"})
    assert len(stored(app, created["feedback_id"]).comment) == 5000


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "malformed"),
        ("[1, 2]", "application/json", 400, "malformed"),
        ("rating=5", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies_get_the_error_shape(api, data, content_type, status, code):
    response = api.post("/api/v1/feedback", data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_the_visitor_cookie_is_set_for_a_new_visitor(api, app):
    response = api.post("/api/v1/feedback", json={"rating": 5, "context": "in_app"})
    assert response.status_code == 201
    visitor_id = api.get_cookie("lc_vid").value
    assert stored(app, response.get_json()["feedback_id"]).visitor_id == visitor_id


def test_without_analytics_consent_no_visitor_is_stored(make_app):
    app = make_app(TRACKING_CONSENT="required")
    client = app.test_client()
    created = post(client, {"rating": 5, "context": "in_app", "visitor_id": "headless-client-7"})
    row = stored(app, created["feedback_id"])
    assert (row.visitor_id, row.session_id) == (None, None)
    assert client.get_cookie("lc_vid") is None
    with app.app_context():
        assert db.session.scalar(select(Visitor.id)) is None


def test_a_headless_client_that_says_no_consent_is_not_tracked(api, app):
    created = post(
        api, {"rating": 4, "context": "in_app", "visitor_id": "headless-1", "analytics_consent": False}
    )
    assert stored(app, created["feedback_id"]).visitor_id is None


def test_another_visitors_interaction_is_not_linked(api, app):
    theirs = use(app.test_client(), "cost_calculator", SMALL_CALC)["interaction_id"]
    created = post(
        api, {"rating": 2, "context": "tool_result", "interaction_id": theirs, "tool": "face_analysis"}
    )
    row = stored(app, created["feedback_id"])
    assert (row.interaction_id, row.tool) == (None, "face_analysis")


def test_staff_cannot_leave_feedback(app):
    client = signed_in_client(app, "admin")
    error = post(client, {"rating": 5, "context": "in_app"}, status=403)["error"]
    assert error["code"] == "forbidden"


def test_answers_and_errors_match_the_openapi_document(api):
    spec = OpenAPI.from_dict(openapi_document())
    body = {"rating": 5, "ratings": {"experience": 5}, "comment": PRAISE, "context": "after_booking"}
    created = checked(spec, api, "/api/v1/feedback", 201, json=body)
    assert created["sentiment"]["label"] == "positive"
    checked(spec, api, "/api/v1/feedback", 201, json={"rating": 1, "context": "in_app", "email": None})
    sent, answer = exchange(api, "/api/v1/feedback", json={"rating": 7, "context": "in_app"})
    assert answer.status_code == 422
    spec.validate_response(sent, answer)


def test_feedback_is_rate_limited_like_the_rest_of_the_api(make_app):
    client = make_app(API_RATE_LIMIT="2 per minute").test_client()
    body = {"rating": 5, "context": "in_app"}
    assert [client.post("/api/v1/feedback", json=body).status_code for _ in range(2)] == [201, 201]
    assert post(client, body, status=429)["error"]["code"] == "rate_limited"
    form = client.post("/feedback/", data={"rating": "5", "context": "in_app"})
    assert form.status_code == 200  # the form's own allowance
    client.post("/feedback/", data={"rating": "5", "context": "in_app"})
    assert client.post("/feedback/", data={"rating": "5", "context": "in_app"}).status_code == 429
    assert client.get("/feedback/").status_code == 200  # reading the form is never limited
