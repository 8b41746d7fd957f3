"""Per-session analytics through the real endpoints: tools accessed and the primary tool, events by
business impact, exports, duration, device, referrer and engagement, kept current as events and tool
uses land (in any order: the same visit gives the same figures), in the writes the tracker sends
anyway; and the visitor's page shows them."""

import random
from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from leadcapture.engagement import session_engagement
from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, Interaction, VisitSession
from leadcapture.reports.session_analytics import session_analytics, visitor_sessions
from leadcapture.tracking.session_counts import tool_of
from tests.admin.signin import signed_in_client
from tests.api.test_tools import SMALL_CALC
from tests.statements import statements_sent, writes

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
LANDING = "https://clinic.example/offers?utm_source=newsletter&utm_medium=email&utm_campaign=nov"
CALC, AI, FACE = "cost_calculator", "ai_recommendation", "face_analysis"
TOOL_INPUTS = {CALC: SMALL_CALC, AI: {"query": "botox for frown lines"}, FACE: {"concerns": ["acne"]}}
# Another input: the same one again within seconds would be the same use (a double click).
SECOND_CALC = {"procedures": ["hydrafacial"]}


def event(event_type, name, minute):
    return {"type": event_type, "name": name, "timestamp": f"2026-11-20T10:{minute:02d}:00Z"}


# One visit as it happened (client times in order): what the visitor did, in batches and tool uses.
VISIT = [
    ("events", [event("page_view", "offers", 0), event("click", "cta_start", 1)]),
    (
        "events",
        [event("tool_usage", "cost_calculator:start", 2), event("tool_usage", "cost_calculator:result", 4)],
    ),
    ("tool", CALC),
    ("events", [event("export", "cost_estimate_pdf", 5), event("content_interaction", "scroll", 6)]),
    ("events", [event("tool_usage", "ai_recommendation:start", 7), event("error", "TypeError", 8)]),
    ("tool", AI),
    ("tool", (CALC, SECOND_CALC)),
    ("events", [event("tool_usage", "appointment_booking:start", 9), event("navigation", "menu", 10)]),
]


def replay(app, visitor_id, steps):
    """Send ``steps`` for ``visitor_id`` from an iPhone; the visit's session id."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = IPHONE
    first = {"page_url": LANDING, "referrer": "https://mail.google.com/"}
    for kind, payload in steps:
        if kind == "events":
            body = {"visitor_id": visitor_id, "events": payload, **first}
            response = client.post("/api/v1/events", json=body)
            assert response.status_code == 202 and not response.get_json()["rejected"]
        else:
            tool, data = payload if isinstance(payload, tuple) else (payload, TOOL_INPUTS[payload])
            body = {"visitor_id": visitor_id, **data, **first}
            assert client.post(f"/api/v1/tools/{tool}", json=body).status_code == 200
        first = {}
    with app.app_context():
        (session,) = visitor_sessions([visitor_id])
        return session.session_id


def figures(app, session_id) -> dict:
    """What the analytics say of a session, without its ids and times."""
    with app.app_context():
        (session,) = session_analytics([session_id])
    return {
        "tools": [(t.tool, t.uses, t.events) for t in session.tools],
        "primary": session.primary_tool,
        "events": session.events,
        "by_impact": session.events_by_impact,
        "exports": session.exports,
        "device": (session.device_type, session.browser, session.os),
        "referrer": (session.referrer, session.referrer_class, session.campaign),
        "engagement": (session.engagement_score, session.engagement_level),
    }


def counted_from_rows(app, session_id) -> dict:
    """The same figures counted from the stored rows."""
    with app.app_context():
        events = db.session.scalars(
            select(BehaviourEvent).where(BehaviourEvent.session_id == session_id)
        ).all()
        uses = Counter(
            db.session.scalars(select(Interaction.tool).where(Interaction.session_id == session_id))
        )
    tool_events = Counter(tool for row in events if (tool := tool_of(row.event_type, row.name)))
    return {
        "tools": {tool: (uses[tool], tool_events[tool]) for tool in uses | tool_events},
        "by_impact": {
            impact: sum(row.impact == impact for row in events) for impact in ("high", "medium", "low")
        },
        "exports": sum(row.event_type == "export" for row in events),
    }


def test_a_visit_s_analytics(api, app):
    session_id = replay(app, "visitor-in-order", VISIT)
    found = figures(app, session_id)
    assert found["tools"] == [(CALC, 2, 2), (AI, 1, 1), ("appointment_booking", 0, 1)]
    assert found["primary"] == CALC
    assert found["by_impact"] == {"high": 2, "medium": 4, "low": 4} and found["events"] == 10
    assert found["exports"] == 1
    assert found["device"] == ("mobile", "Mobile Safari", "iOS")
    assert found["referrer"] == ("https://mail.google.com/", "email", ("newsletter", "email", "nov"))
    with app.app_context():
        assert found["engagement"] == session_engagement(session_id)
        (session,) = session_analytics([session_id])
    assert session.tools_accessed == [CALC, AI, "appointment_booking"]
    started_earlier(app, session_id, seconds=605)
    with app.app_context():
        assert session_analytics([session_id])[0].duration_seconds == 605


def started_earlier(app, session_id, seconds):
    """The visit began ``seconds`` before its last hit (the visitor read for a while)."""
    with app.app_context():
        session = db.session.get(VisitSession, session_id)
        session.started_at = session.last_seen_at - timedelta(seconds=seconds)
        db.session.commit()


def test_events_arriving_out_of_order_give_the_same_figures(api, app):
    in_order = replay(app, "visitor-in-order", VISIT)
    shuffled_steps = [
        (kind, list(reversed(payload)) if kind == "events" else payload) for kind, payload in VISIT
    ]
    random.Random(4).shuffle(shuffled_steps)
    shuffled = replay(app, "visitor-shuffled", shuffled_steps)
    backwards = replay(app, "visitor-backwards", list(reversed(VISIT)))
    expected = figures(app, in_order)
    for session_id in (shuffled, backwards):
        assert figures(app, session_id) == expected
    for session_id in (in_order, shuffled, backwards):
        recount = counted_from_rows(app, session_id)
        found = figures(app, session_id)
        assert {tool: (uses, events) for tool, uses, events in found["tools"]} == recount["tools"]
        assert (found["by_impact"], found["exports"]) == (recount["by_impact"], recount["exports"])


def test_the_primary_tool_is_the_most_used_then_the_one_further_down_the_funnel(api, app):
    face_first = replay(app, "visitor-face-first", [("tool", FACE), ("tool", CALC)])
    calc_first = replay(app, "visitor-calc-first", [("tool", CALC), ("tool", FACE)])
    assert figures(app, face_first)["primary"] == figures(app, calc_first)["primary"] == CALC
    busy_face = [("tool", CALC), ("tool", FACE), ("events", [event("tool_usage", "face_analysis:failed", 1)])]
    assert figures(app, replay(app, "visitor-busy-face", busy_face))["primary"] == FACE
    assert figures(app, replay(app, "visitor-no-tool", VISIT[:1]))["tools"] == []


def test_a_batch_counts_in_the_writes_the_tracker_sends_anyway(api, app):
    replay(app, "visitor-statements", VISIT[:1])
    batches = {
        "plain": ([event("click", "a", 1), event("export", "pdf", 2)], ["UPDATE", "INSERT"]),
        "tool steps": ([event("tool_usage", "cost_calculator:start", 3)], ["UPDATE", "INSERT", "INSERT"]),
    }
    for events, verbs in batches.values():
        with statements_sent(app) as sent:
            body = {"visitor_id": "visitor-statements", "events": events}
            assert api.post("/api/v1/events", json=body).status_code == 202
        assert [verb for verb, _table in writes(sent)] == verbs


def test_the_visitor_s_page_shows_each_visit(api, app):
    session_id = replay(app, "visitor-on-the-page", VISIT)
    started_earlier(app, session_id, seconds=125)
    page = (
        signed_in_client(app, "marketing").get("/admin/visitors/visitor-on-the-page").get_data(as_text=True)
    )
    assert f'data-session="{session_id}" data-primary-tool="cost_calculator"' in page
    assert '<td data-testid="session-events">2 · 4 · 4</td>' in page
    assert '<td data-testid="session-duration">2 min 5 s</td>' in page
    assert '<td data-testid="session-exports">1</td>' in page
    assert "<strong>cost calculator</strong> (2 uses), ai recommendation (1 use)" in page
    assert "mobile, Mobile Safari, iOS" in page and "email · newsletter / email / nov" in page
