"""POST /api/v1/events: good events stored in one bulk insert, bad ones reported by index."""

import json

import pytest
from sqlalchemy import event, func, select

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, VisitSession
from tests.statements import statements_sent, writes


def stored_events(app):
    with app.app_context():
        return db.session.scalars(select(BehaviourEvent).order_by(BehaviourEvent.id)).all()


def page_views(count):
    return [
        {
            "type": "page_view",
            "name": f"page {i}",
            "page_url": f"https://clinic.example/p/{i}",
            "properties": {"i": i},
        }
        for i in range(count)
    ]


class InsertCounter:
    """Counts the bulk writes sent to the database for one table: INSERT, or COPY on PostgreSQL."""

    def __init__(self, engine, table):
        self.count = 0
        self.table = table
        event.listen(engine, "before_cursor_execute", self._seen)
        self.engine = engine

    def _seen(self, conn, cursor, statement, parameters, context, executemany):
        if (
            statement.lstrip()
            .upper()
            .startswith((f"INSERT INTO {self.table.upper()}", f"COPY {self.table.upper()} "))
        ):
            self.count += 1

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._seen)


def test_thousand_events_in_one_insert(client, app):
    with app.app_context():
        counter = InsertCounter(db.engine, "behaviour_events")
        try:
            response = client.post("/api/v1/events", json={"events": page_views(1000)})
        finally:
            counter.close()
    assert response.status_code == 202
    assert response.get_json()["accepted"] == 1000
    assert response.get_json()["rejected"] == []
    assert counter.count == 1
    rows = stored_events(app)
    assert len(rows) == 1000
    assert rows[999].name == "page 999" and rows[999].properties == {"i": 999}
    assert {row.visitor_id for row in rows} == {response.get_json()["visitor_id"]}


def test_bad_events_are_reported_by_index_and_good_ones_kept(client, app):
    events = [
        {"type": "click", "name": "cta", "timestamp": "2026-11-20T10:00:00Z"},
        {"type": "teleport"},
        "not an object",
        {"type": "page_view", "properties": ["not", "an", "object"]},
        {"type": "form_submit", "timestamp": "yesterday"},
        {"type": "error", "name": "x" * 300},
        {"type": "navigation", "timestamp": 1763632800000},
    ]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 202
    body = response.get_json()
    assert body["accepted"] == 2
    assert [item["index"] for item in body["rejected"]] == [1, 2, 3, 4, 5]
    assert "type must be one of" in body["rejected"][0]["error"]
    assert "timestamp" in body["rejected"][3]["error"]
    rows = stored_events(app)
    assert [row.event_type for row in rows] == ["click", "navigation"]
    assert rows[0].client_timestamp.isoformat() == "2026-11-20T10:00:00"


def test_headless_client_sends_its_visitor_id_and_campaign(client, app):
    body = {
        "visitor_id": "headless-client-0001",
        "page_url": "https://clinic.example/landing?utm_source=newsletter&utm_medium=email&utm_campaign=nov",
        "events": [{"type": "page_view"}],
    }
    response = client.post("/api/v1/events", json=body)
    assert response.status_code == 202
    assert response.get_json()["visitor_id"] == "headless-client-0001"
    with app.app_context():
        session = db.session.scalars(select(VisitSession)).one()
        assert session.visitor_id == "headless-client-0001"
        assert (session.utm_campaign, session.referrer_class) == ("nov", "email")


def test_beacon_text_plain_body_is_accepted(client, app):
    response = client.post(
        "/api/v1/events", data='{"events": [{"type": "page_view"}]}', content_type="text/plain;charset=UTF-8"
    )
    assert response.status_code == 202
    assert len(stored_events(app)) == 1


@pytest.mark.parametrize(
    ("kwargs", "status", "code"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400, "malformed"),
        ({"data": "[1, 2]", "content_type": "application/json"}, 400, "malformed"),
        ({"data": b"\xff\xfe\x00", "content_type": "application/json"}, 400, "malformed"),
        (
            {"data": "events=1", "content_type": "application/x-www-form-urlencoded"},
            415,
            "unsupported_media_type",
        ),
        ({"json": {"events": "page_view"}}, 422, "validation_failed"),
        ({"json": {}}, 422, "validation_failed"),
        ({"json": {"events": [], "visitor_id": "bad id!"}}, 422, "validation_failed"),
        ({"json": {"events": [], "visitor_id": 12345678}}, 422, "validation_failed"),
        ({"json": {"events": [], "utm": "spring"}}, 422, "validation_failed"),
        ({"json": {"events": [{"type": "click"}] * 1001}}, 413, "too_large"),
        (
            {"data": '{"events": ["' + "x" * (2 * 1024 * 1024) + '"]}', "content_type": "application/json"},
            413,
            "too_large",
        ),
    ],
)
def test_bad_requests_get_the_error_shape(client, app, kwargs, status, code):
    response = client.post("/api/v1/events", **kwargs)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"] and isinstance(error["fields"], dict)
    assert stored_events(app) == []


def test_wrong_method_and_unknown_route_get_json_errors(client):
    assert client.get("/api/v1/events").get_json()["error"]["code"] == "method_not_allowed"
    assert client.post("/api/v1/nothing-here", json={}).get_json()["error"]["code"] == "not_found"


def test_cross_site_post_needs_a_site_key(app):
    app.config["SITE_API_KEYS"] = ["site-key-1"]
    client = app.test_client()
    cross_site = {"Origin": "https://partner.example"}
    refused = client.post("/api/v1/events", json={"events": [{"type": "click"}]}, headers=cross_site)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "api_key_required"
    accepted = client.post(
        "/api/v1/events",
        json={"events": [{"type": "click"}]},
        headers={**cross_site, "X-API-Key": "site-key-1"},
    )
    assert accepted.status_code == 202
    same_site = client.post(
        "/api/v1/events", json={"events": [{"type": "click"}]}, headers={"Origin": "http://localhost"}
    )
    assert same_site.status_code == 202
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BehaviourEvent)) == 2


def test_bot_events_are_not_stored(client, app):
    response = client.post(
        "/api/v1/events",
        json={"events": [{"type": "page_view"}]},
        headers={"User-Agent": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"},
    )
    assert response.status_code == 202
    assert stored_events(app) == []


def nested_lists(lists: int) -> str:
    """An event body nesting ``lists`` arrays in a property: with the body, its events list, the
    event and its properties, four levels more."""
    return '{"events": [{"type": "click", "properties": {"a": ' + "[" * lists + "]" * lists + "}}]}"


@pytest.mark.parametrize(
    "raw",
    [
        '{"events": [{"type": "click", "properties": {"a": NaN}}]}',
        '{"events": [{"type": "click", "name": "a\\u0000b"}]}',
        '{"events": [{"type": "click", "properties": {"a": 1e400}}]}',
        '{"events": [{"type": "click", "name": "a\\ud800b"}]}',
        '{"events": [{"type": "click", "properties": {"\\uDFFF": 1}}]}',
        nested_lists(5000),
        nested_lists(50_000),
    ],
    ids=[
        "nan",
        "nul",
        "beyond_double",
        "lone_surrogate",
        "lone_surrogate_key",
        "nested_too_deeply",
        "nested_beyond_the_parser",
    ],
)
def test_values_postgresql_cannot_store_are_refused_up_front(client, app, raw):
    response = client.post("/api/v1/events", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "malformed"
    assert stored_events(app) == []


def test_a_body_nested_100_deep_is_stored(client, app):
    response = client.post("/api/v1/events", data=nested_lists(96), content_type="application/json")
    assert response.status_code == 202
    assert stored_events(app)[0].properties == {"a": json.loads("[" * 96 + "]" * 96)}


def test_a_body_nested_101_deep_is_refused(client, app):
    response = client.post("/api/v1/events", data=nested_lists(97), content_type="application/json")
    assert response.status_code == 400
    assert "at most 100" in response.get_json()["error"]["message"]
    assert stored_events(app) == []


def test_an_escaped_surrogate_pair_is_one_character(client, app):
    raw = '{"events": [{"type": "click", "name": "smile \\ud83d\\ude00", "properties": {"x": 2.5e3}}]}'
    response = client.post("/api/v1/events", data=raw, content_type="application/json")
    assert response.status_code == 202
    assert [(event.name, event.properties) for event in stored_events(app)] == [
        ("smile \U0001f600", {"x": 2500.0})
    ]


def test_nul_in_a_form_field_is_refused(client):
    assert client.post("/contact/", data={"email": "a\x00@example.com"}).status_code == 400


def test_the_answer_reads_nothing_back_after_the_commit(client, app):
    client.post("/api/v1/events", json={"events": page_views(2)})  # the cookie: a known visitor next
    with statements_sent(app) as sent:
        response = client.post("/api/v1/events", json={"events": page_views(3)})
    assert response.status_code == 202 and response.get_json()["visitor_id"]
    # The events' write is the request's last statement: nothing is read back for the answer.
    assert writes(sent[-1:]) == [("INSERT", "behaviour_events")]
