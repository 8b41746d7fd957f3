"""The events ingest's COPY (PostgreSQL) stores what the plain INSERT stores, and a batch the database
refuses leaves nothing behind on either database."""

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, Visitor, VisitSession
from leadcapture.models.copy import copy_rows
from leadcapture.models.types import utcnow
from leadcapture.tracking import VisitContext, identify
from leadcapture.tracking.events import MAX_DURATION_MS, store_events, validate_event

# What a tracker may send, the awkward values included: COPY has its own encoding of each.
RAW_EVENTS = [
    {"type": "page_view", "name": "home", "page_url": "https://clinic.example/", "timestamp": 1763632800000},
    {"type": "click", "name": "tab\there\nnewline \\N back\\slash 'quote' \"double\" \U0001f600"},
    {"type": "form_submit", "properties": {"a": [1, 2.5, None, True, "x\ty"], "b": {"c": "d"}, "é": 2**70}},
    {"type": "tool_usage", "name": "cost_calculator:step 2", "properties": {"tiny": 1e-7, "neg": -0.5}},
    {
        "type": "export",
        "page_url": "https://clinic.example/" + "p" * 1900,
        "timestamp": "2026-11-20T10:00:00.123456Z",
    },
    {"type": "navigation", "timestamp": "2026-11-20T12:00:00+02:00", "time_on_page_ms": 0},
    {"type": "error", "properties": None, "time_on_page_ms": 1234.6, "session_duration_ms": MAX_DURATION_MS},
    {"type": "content_interaction", "name": "", "properties": {}, "timestamp": "9999-12-31T23:59:59.999999"},
]
IMPACTS = ["low", "medium", "high"]


def validated_batch() -> list[dict]:
    rows = [validate_event(raw) for raw in RAW_EVENTS]
    for index, row in enumerate(rows):
        row["impact"] = IMPACTS[index % len(IMPACTS)]
    return rows


def stored(ids: list[int] | None = None) -> list[dict]:
    """The stored events (all, or those with ``ids``) in id order, without their ids."""
    query = select(BehaviourEvent.__table__).order_by(BehaviourEvent.id)
    if ids is not None:
        query = query.where(BehaviourEvent.id.in_(ids))
    return [{**row._asdict(), "id": None} for row in db.session.execute(query)]


def event_ids() -> list[int]:
    return list(db.session.scalars(select(BehaviourEvent.id).order_by(BehaviourEvent.id)))


@pytest.fixture
def visit(postgres_app):
    with postgres_app.app_context():
        yield identify(VisitContext())


def test_the_copy_stores_the_rows_the_insert_stores(visit):
    shared = {"visitor_id": visit.visitor.id, "session_id": visit.session.id, "created_at": utcnow()}
    db.session.execute(insert(BehaviourEvent), [{**row, **shared} for row in validated_batch()])
    inserted = event_ids()
    store_events(validated_batch(), shared)
    db.session.commit()
    copied = sorted(set(event_ids()) - set(inserted))
    assert len(copied) == len(RAW_EVENTS) and min(copied) > max(inserted)
    assert stored(copied) == stored(inserted)
    assert stored(copied)[2]["properties"] == {"a": [1, 2.5, None, True, "x\ty"], "b": {"c": "d"}, "é": 2**70}


def test_the_copy_applies_the_column_defaults_an_insert_applies(visit):
    """Columns the rows leave out get the model's defaults: a value, or a function called per row."""
    rows = [{"visitor_id": visit.visitor.id, "event_type": kind} for kind in ("click", "page_view")]
    before = utcnow()
    db.session.execute(insert(BehaviourEvent), rows)
    inserted = event_ids()
    copy_rows(BehaviourEvent.__table__, rows)
    db.session.commit()
    after = utcnow()
    copied = sorted(set(event_ids()) - set(inserted))
    for row in stored():
        assert before <= row.pop("created_at") <= after
        assert (row["properties"], row["impact"], row["session_id"]) == ({}, "low", None)
    assert [{**row, "created_at": None} for row in stored(copied)] == [
        {**row, "created_at": None} for row in stored(inserted)
    ]


def test_a_batch_the_database_refuses_stores_none_of_its_events(app_ctx):
    """The bulk write is one statement: a refused row (no type) fails it whole, on both databases."""
    visit = identify(VisitContext())
    db.session.commit()
    rows = validated_batch()
    rows[-1]["event_type"] = None
    shared = {"visitor_id": visit.visitor.id, "session_id": visit.session.id, "created_at": utcnow()}
    with pytest.raises(IntegrityError):
        store_events(rows, shared)
    db.session.rollback()
    assert event_ids() == []
    store_events(validated_batch(), shared)  # the session works on after its rollback
    db.session.commit()
    assert len(event_ids()) == len(RAW_EVENTS)


def test_a_batch_of_bad_events_writes_nothing(client, app):
    response = client.post("/api/v1/events", json={"events": [{"type": "teleport"}, {"name": "no type"}]})
    assert response.status_code == 202
    assert response.get_json()["accepted"] == 0
    assert [item["index"] for item in response.get_json()["rejected"]] == [0, 1]
    with app.app_context():
        for model in (BehaviourEvent, Visitor, VisitSession):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0


def test_a_default_function_gives_each_copied_row_its_own_value(postgres_app):
    """Rows of one column: each new visitor gets an id of its own, as from an INSERT."""
    with postgres_app.app_context():
        moment = utcnow()
        copy_rows(Visitor.__table__, [{"created_at": moment}] * 3)
        db.session.commit()
        stored_visitors = db.session.execute(select(Visitor.id, Visitor.created_at)).all()
        assert len({visitor_id for visitor_id, _ in stored_visitors}) == 3
        assert {created_at for _, created_at in stored_visitors} == {moment}
