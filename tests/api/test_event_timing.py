"""POST /api/v1/events takes each event's time on page and session duration (milliseconds) and stores
them with its business impact; a bad value rejects that event by index, never the batch, never a
500; the tracker's settings endpoint and the new fields match the OpenAPI document."""

import pytest
from openapi_core import OpenAPI
from sqlalchemy import select

from leadcapture.apidoc.document import openapi_document
from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent
from leadcapture.tracking.events import MAX_DURATION_MS
from tests.api.test_openapi import checked


def stored(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(select(BehaviourEvent).order_by(BehaviourEvent.id))
        return [(row.name, row.impact, row.time_on_page_ms, row.session_duration_ms) for row in rows]


def test_times_are_stored_with_the_impact(client, app):
    events = [
        {
            "type": "tool_usage",
            "name": "cost_calculator:result",
            "time_on_page_ms": 41250,
            "session_duration_ms": 95000,
        },
        {"type": "click", "name": "menu", "time_on_page_ms": 1200.6, "session_duration_ms": MAX_DURATION_MS},
        {"type": "page_view", "name": "home", "time_on_page_ms": 0},
        {"type": "error", "name": "TypeError", "time_on_page_ms": None, "session_duration_ms": None},
    ]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 202 and response.get_json()["accepted"] == 4
    assert stored(app) == [
        ("cost_calculator:result", "high", 41250, 95000),
        ("menu", "low", 1201, MAX_DURATION_MS),
        ("home", "low", 0, None),
        ("TypeError", "medium", None, None),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_on_page_ms", -1),
        ("time_on_page_ms", "1200"),
        ("time_on_page_ms", True),
        ("time_on_page_ms", MAX_DURATION_MS + 1),
        ("session_duration_ms", [1]),
        ("session_duration_ms", 1e18),
    ],
)
def test_a_bad_time_rejects_its_event_only(client, app, field, value):
    events = [{"type": "click", "name": "bad", field: value}, {"type": "click", "name": "good", field: 5}]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 202
    body = response.get_json()
    assert body["accepted"] == 1
    assert body["rejected"] == [
        {"index": 0, "error": f"{field} must be a number of milliseconds from 0 to {MAX_DURATION_MS}"}
    ]
    assert [name for name, *_ in stored(app)] == ["good"]


def test_the_settings_and_the_times_match_the_document(api):
    spec = OpenAPI.from_dict(openapi_document())
    config = checked(spec, api, "/api/v1/events/config", 200, method="GET")
    assert {"type": "export", "name": "*", "impact": "high"} in config["impact"]["rules"]
    event = {
        "type": "export",
        "name": "cost_estimate_pdf",
        "time_on_page_ms": 30500,
        "session_duration_ms": 61000,
    }
    assert checked(spec, api, "/api/v1/events", 202, json={"events": [event]})["accepted"] == 1
