"""Session engagement follows the session through the real endpoints: tool uses and AI
recommendations, behaviour events that add active time (still one INSERT and one UPDATE per
batch), the contact form started and submitted, a booking; and the visitor journey shows it."""

from datetime import timedelta

from leadcapture.engagement import session_engagement
from leadcapture.extensions import db
from leadcapture.models import VisitSession
from tests.admin.signin import signed_in_client
from tests.api.test_tools import SMALL_CALC, next_free_slot, use
from tests.statements import statements_sent, writes

BIG_CALC = {"procedures": ["botox", "dermal_fillers"], "budget_range": "5k_10k", "urgency": "within_month"}


def engagement(app, session_id):
    with app.app_context():
        return session_engagement(session_id)


def earlier(app, session_id, minutes):
    """The session was last seen ``minutes`` before now (the visitor was away, the page open)."""
    with app.app_context():
        session = db.session.get(VisitSession, session_id)
        session.started_at -= timedelta(minutes=minutes)
        session.last_seen_at -= timedelta(minutes=minutes)
        db.session.commit()


def test_tools_and_ai_recommendations_raise_it_use_by_use(api, app):
    first = use(api, "ai_recommendation", {"query": "botox for frown lines", "time_on_tool_seconds": 360})
    session = first["session_id"]
    assert engagement(app, session) == (3, "medium")  # 6 minutes 1, one tool 1, one recommendation 1
    use(api, "cost_calculator", SMALL_CALC)
    assert engagement(app, session) == (4, "medium")  # two tools
    for query in ("acne scars", "dark circles", "pigmentation", "thin lips"):
        assert use(api, "ai_recommendation", {"query": query})["session_id"] == session
    assert engagement(app, session) == (6, "high")  # five recommendations 3


def test_events_adding_active_time_raise_it_in_the_batch_s_one_update(api, app):
    session = use(api, "cost_calculator", SMALL_CALC)["session_id"]
    assert engagement(app, session) == (1, "low")
    earlier(app, session, 11)
    events = [{"type": "page_view", "name": f"page {n}"} for n in range(20)]
    with statements_sent(app) as sent:
        response = api.post("/api/v1/events", json={"events": events})
    assert response.status_code == 202 and response.get_json()["accepted"] == 20
    assert writes(sent) == [("UPDATE", "visit_sessions"), ("INSERT", "behaviour_events")]
    assert not any("interactions" in s or "contact_prompts" in s for s in sent)  # nothing recounted
    assert engagement(app, session) == (3, "medium")  # 11 minutes 2, one tool 1
    earlier(app, session, 10)
    api.post("/api/v1/events", json={"events": events[:1]})
    assert engagement(app, session) == (4, "medium")  # over 20 minutes 3


def test_the_contact_form_started_then_submitted(api, app):
    body = use(api, "cost_calculator", BIG_CALC)
    session, prompt = body["session_id"], body["prompt_id"]
    assert engagement(app, session) == (1, "low")
    assert api.post(f"/api/v1/prompts/{prompt}/interacted", json={}).status_code == 200
    assert engagement(app, session) == (2, "low")  # started 1
    api.post(f"/api/v1/prompts/{prompt}/interacted", json={})
    assert engagement(app, session) == (2, "low")
    form = {"email": "ann@example.com", "prompt_id": prompt, "interaction_id": body["interaction_id"]}
    assert api.post("/contact/", data=form).status_code == 200
    assert engagement(app, session) == (3, "medium")  # submitted 2


def test_a_booking_scores_3_and_the_journey_shows_each_session_s_engagement(api, app):
    use(api, "ai_recommendation", {"query": "wrinkles"})
    earlier(app, use(api, "ai_recommendation", {"query": "frown lines"})["session_id"], 45)
    booking = {"procedure": "botox", "slot": next_free_slot(api), "email": "bea@example.com", "name": "Bea"}
    booked = use(api, "appointment_booking", booking)
    assert engagement(app, booked["session_id"]) == (4, "medium")  # one tool 1, a booking 3
    page = (
        signed_in_client(app, "marketing")
        .get(f"/admin/visitors/{booked['visitor_id']}")
        .get_data(as_text=True)
    )
    assert page.count('data-testid="session-engagement"') == 2
    assert "session engagement 3/12 · medium" in page  # one tool 1, two recommendations 2
    assert "session engagement 4/12 · medium" in page
    lead_page = signed_in_client(app, "sales").get("/admin/leads/1").get_data(as_text=True)
    assert "session engagement 4/12 · medium" in lead_page


def test_no_session_or_an_unknown_one_is_low(app_ctx):
    assert session_engagement(None) == session_engagement("no-such-session") == (0, "low")
