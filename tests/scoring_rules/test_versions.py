"""Editing rules, publishing, rescoring, history, audit and restoring a version."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, ScoringRule, SyncOutbox, VisitorScore
from leadcapture.scoring import RuleValidationError
from leadcapture.scoring_rules import audit
from leadcapture.scoring_rules.draft import create_rule, delete_rule, draft_rules, update_rule
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.scoring_rules.versions import diff, history, publish, restore
from leadcapture.visitor_scores.rescore import rescore_all
from tests.visitor_scores.helpers import CALC_SMALL, make_lead, make_visitor


def rule_id(name: str) -> int:
    return db.session.scalars(select(ScoringRule.id).where(ScoringRule.name == name)).one()


def stored_score(visitor_id: str) -> tuple[int, int]:
    row = db.session.get(VisitorScore, visitor_id)
    return row.score, row.rule_set_version


def test_edit_publish_rescore_and_restore(app_ctx):
    seed_default_rules()
    visitor = make_visitor([CALC_SMALL])
    lead = make_lead("bo@example.com", visitor)
    rescore_all()
    assert stored_score(visitor) == (70, 1)

    update_rule(rule_id("Cost calculator used"), {"points": 50}, actor="admin@example.com")
    assert stored_score(visitor) == (70, 1)  # a draft change alone touches nothing
    publish("admin@example.com", "cheaper calculator")
    report = rescore_all()
    assert (report.version, report.visitors, report.leads) == (2, 1, 1)
    assert stored_score(visitor) == (50, 2)
    assert (db.session.get(Lead, lead.id).score, db.session.get(Lead, lead.id).rule_set_version) == (50, 2)
    reasons = db.session.scalars(select(SyncOutbox.reason).where(SyncOutbox.lead_id == lead.id)).all()
    # HubSpot hears of each new score: 0 -> 70 (with the tool and the stage it reached), then 70 -> 50
    # (a medium score, but the stage never goes back)
    assert reasons == ["created", "score,tools,lifecycle", "score"]

    assert [v.version for v in history()] == [2, 1]
    assert next(r for r in history()[1].rules if r["name"] == "Cost calculator used")["points"] == 70
    entry = next(e for e in audit.recent() if e.action == "rule_updated")
    assert entry.actor == "admin@example.com" and entry.subject == "Cost calculator used"
    assert (entry.before["points"], entry.after["points"]) == (70, 50)

    restored = restore(1, "admin@example.com")
    rescore_all()
    assert (restored.version, restored.restored_from) == (3, 1)
    assert stored_score(visitor) == (70, 3)
    assert db.session.get(Lead, lead.id).score == 70
    assert next(r for r in draft_rules() if r["name"] == "Cost calculator used")["points"] == 70
    assert [e.action for e in audit.recent()][:2] == ["restored", "published"]


def test_diff_between_versions(app_ctx):
    seed_default_rules()
    update_rule(rule_id("High budget"), {"points": 30}, actor="a")
    delete_rule(rule_id("Immediate urgency"), actor="a")
    create_rule(
        {
            "name": "Returning visitor",
            "kind": "bonus",
            "condition": {"conditions": [{"field": "visitor.session_count", "op": "gte", "value": 2}]},
            "points": 10,
        },
        actor="a",
    )
    publish("a")
    old, new = history()[1], history()[0]
    change = diff(old.rules, old.settings, new.rules, new.settings)
    assert change.added == ["Returning visitor"]
    assert change.removed == ["Immediate urgency"]
    assert change.changed == {"High budget": {"points": (20, 30)}}


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            {"condition": {"conditions": [{"field": "budget_range", "op": "eq", "value": "x"}]}},
            "conditions[0].field",
            "budget_range",
        ),
        (
            {"condition": {"conditions": [{"field": "tool", "op": "like", "value": "x"}]}},
            "conditions[0].op",
            "like",
        ),
        (
            {
                "condition": {
                    "conditions": [{"field": "visitor.active_seconds", "op": "gte", "value": "five"}]
                }
            },
            "conditions[0].value",
            "number",
        ),
        (
            {"condition": {"conditions": [{"field": "visitor.mood", "op": "eq", "value": 1}]}},
            "conditions[0].field",
            "mood",
        ),
        ({"points": "twenty"}, "points", "whole number"),
        ({"kind": "super"}, "kind", "base or bonus"),
        ({"name": "Cost calculator used"}, "name", "already exists"),
    ],
)
def test_invalid_rules_are_refused_with_a_reason(app_ctx, change, path, words):
    """Unknown field, bad operator, wrong value type... each names the attribute and the reason."""
    seed_default_rules()
    before = draft_rules()
    with pytest.raises(RuleValidationError) as refused:
        update_rule(rule_id("High budget"), change, actor="a")
    assert words in refused.value.errors[path]
    db.session.rollback()
    assert draft_rules() == before


def test_a_refused_draft_is_never_published(app_ctx):
    seed_default_rules()
    db.session.add(
        ScoringRule(
            name="Broken",
            kind="bonus",
            condition={"conditions": [{"field": "nope", "op": "eq", "value": 1}]},
            points=5,
        )
    )
    db.session.commit()
    with pytest.raises(RuleValidationError):
        publish("a")
    db.session.rollback()
    assert [v.version for v in history()] == [1]
    assert live_rules().version == 1


def test_seed_does_not_touch_an_edited_table(app_ctx):
    assert seed_default_rules() is True
    update_rule(rule_id("High budget"), {"points": 33}, actor="a")
    assert seed_default_rules() is False
    assert next(r for r in draft_rules() if r["name"] == "High budget")["points"] == 33
