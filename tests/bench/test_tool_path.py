"""The tool path's shortcuts (found by bench/tools.py) change nothing: for a brand-new visitor the
stored score is the one the database's own facts give, and the form, prompt and dedupe still
work; rows inserted without the unit of work are the rows a flush stores; the catalog and rules
are never stale."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, Interaction, Procedure, Visitor, VisitorScore, VisitSession
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.insert import insert_new
from leadcapture.models.types import utcnow
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.versions import publish
from leadcapture.visitor_scores.facts_loader import load_facts, new_visitor_facts

CALC = {
    "procedures": ["botox", "dermal_fillers"],
    "budget_range": "5k_10k",
    "urgency": "within_month",
    "time_on_tool_seconds": 95,
}


def test_new_visitor_facts_are_what_the_database_gives_back(app_ctx):
    now = utcnow()
    visitor = Visitor(id="factsvisitor0001", created_at=now)
    session = VisitSession(id="factssession0001", visitor=visitor, started_at=now, last_seen_at=now)
    session.active_seconds = 95
    data = {"procedures": ("botox", "thread_lift"), "total_low": 1200.5, "urgency": "immediate"}
    db.session.add_all([visitor, session])
    db.session.flush()
    interaction = Interaction(
        id="factsinteraction",
        visitor_id=visitor.id,
        session_id=session.id,
        tool="cost_calculator",
        data=data,
        input_hash="x",
        created_at=now,
    )
    db.session.add(interaction)
    db.session.flush()
    in_memory = new_visitor_facts([interaction], [session], now)
    db.session.commit()
    db.session.expire_all()
    assert in_memory == load_facts({visitor.id: [visitor.id]}, now)[visitor.id]
    assert in_memory.interactions[0].data["procedures"] == ["botox", "thread_lift"]


def test_a_new_visitor_s_tool_use_is_scored_prompted_and_deduped(app, client):
    with app.app_context():
        seed_catalog()
    first = client.post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    again = client.post("/api/v1/tools/cost_calculator", json=CALC).get_json()  # a double click
    assert first["show_contact_form"] and first["prompt_id"]
    assert again["interaction_id"] == first["interaction_id"] and again["prompt_id"] == first["prompt_id"]
    with app.app_context():
        stored = db.session.get(VisitorScore, first["visitor_id"])
        facts = load_facts({first["visitor_id"]: [first["visitor_id"]]}, utcnow())[first["visitor_id"]]
        rescored = live_rules().evaluate(facts)
        assert (stored.score, stored.breakdown) == (rescored.score, [i.to_dict() for i in rescored.breakdown])
        assert first["lead_score"] == stored.score
        assert db.session.scalar(select(func.count()).select_from(Interaction)) == 1
        assert db.session.scalar(select(func.count()).select_from(ContactPrompt)) == 1


def test_a_catalog_edit_and_a_publish_elsewhere_apply_to_the_very_next_tool_use(make_app):
    """The tool path reads the catalog and the live version on each use: a change made through
    another app (another process) is never served stale."""
    tools, admin = make_app(), make_app()
    with admin.app_context():
        seed_catalog()
    first = tools.test_client().post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    with admin.app_context():
        db.session.get(Procedure, "botox").price_low = 1
        db.session.commit()
        publish("tester", "a new version")
    second = tools.test_client().post("/api/v1/tools/cost_calculator", json=CALC).get_json()
    assert first["result"]["items"][0]["session_low"] != 1
    assert second["result"]["items"][0]["session_low"] == 1
    assert second["rule_set_version"] == first["rule_set_version"] + 1


def test_insert_new_stores_what_a_flush_stores(app_ctx):
    """The tool path inserts its new rows with ``insert_new``: the column defaults are applied as a
    flush applies them, and the objects are the session's own afterwards."""
    now = utcnow()
    visitor = Visitor(created_at=now)
    insert_new(visitor)
    pairs = []
    for model, values in (
        (VisitSession, {"visitor_id": visitor.id, "started_at": now, "last_seen_at": now}),
        (ContactPrompt, {"visitor_id": visitor.id, "fields": ["email"], "score": 80, "offered_at": now}),
    ):
        flushed, inserted = model(**values), model(**values)
        if model is ContactPrompt:
            flushed.session_id = inserted.session_id = pairs[0][1].id
        db.session.add(flushed)
        db.session.flush()
        insert_new(inserted)
        assert db.session.get(model, inserted.id) is inserted
        pairs.append((flushed, inserted))
    db.session.commit()
    db.session.expire_all()
    for flushed, inserted in pairs:
        table = type(flushed).__table__
        stored = {row.id: row._asdict() for row in db.session.execute(select(table))}
        assert {**stored[flushed.id], "id": None} == {**stored[inserted.id], "id": None}
    assert (pairs[0][1].active_seconds, pairs[0][1].referrer_class, pairs[1][1].status) == (
        0,
        "direct",
        "offered",
    )
