"""/admin/impact: admins extend the impact table; each event is stored with the impact in force when
it arrives (a change applies to new events only: stored events and the sessions' counts of them
stay as they were); bad rules are refused by field; changes are audited; the tracker's settings
endpoint follows the table."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, BehaviourEvent, EventImpactRule, VisitSession
from leadcapture.tracking.impact_rules import MAX_STORED_RULES
from tests.admin.signin import signed_in_client

VISITOR = "impact-visitor-01"


def send(client, *events):
    response = client.post("/api/v1/events", json={"visitor_id": VISITOR, "events": list(events)})
    assert response.status_code == 202 and response.get_json()["rejected"] == []


def stored(app) -> list[tuple[str, str | None, str]]:
    with app.app_context():
        rows = db.session.scalars(select(BehaviourEvent).order_by(BehaviourEvent.id))
        return [(row.event_type, row.name, row.impact) for row in rows]


def session_counts(app) -> tuple[int, int, int]:
    with app.app_context():
        session = db.session.scalars(select(VisitSession)).one()
        return session.events_high, session.events_medium, session.events_low


def save(admin, event_type, pattern, impact):
    return admin.post("/admin/impact", data={"event_type": event_type, "pattern": pattern, "impact": impact})


def audit(app) -> list[tuple[str, dict]]:
    with app.app_context():
        entries = db.session.scalars(select(AdminAuditEntry).order_by(AdminAuditEntry.id))
        return [(entry.action, entry.detail) for entry in entries if entry.action.startswith("impact.")]


def test_an_added_rule_applies_to_new_events_and_old_ones_keep_their_impact(app, client):
    send(client, {"type": "click", "name": "book_now"})
    admin = signed_in_client(app)
    response = save(admin, "click", " book_* ", "high")
    assert response.status_code == 302
    assert "applies to events stored from now on" in admin.get(response.location).get_data(as_text=True)
    send(client, {"type": "click", "name": "book_now"}, {"type": "click", "name": "menu"})
    assert stored(app) == [
        ("click", "book_now", "low"),
        ("click", "book_now", "high"),
        ("click", "menu", "low"),
    ]
    assert session_counts(app) == (1, 0, 2)
    assert audit(app) == [("impact.save", {"event_type": "click", "pattern": "book_*", "impact": "high"})]
    page = admin.get("/admin/impact").get_data(as_text=True)
    assert 'data-type="click" data-pattern="book_*" data-impact="high"' in page and "added" in page


def test_a_default_is_overridden_and_comes_back_when_the_rule_is_deleted(app, client):
    admin = signed_in_client(app)
    assert save(admin, "form_submit", "*", "medium").status_code == 302
    assert save(admin, "form_submit", "*", "low").status_code == 302  # the same rule, changed
    with app.app_context():
        rule = db.session.scalars(select(EventImpactRule)).one()
    assert rule.impact == "low" and rule.updated_by is not None
    page = admin.get("/admin/impact").get_data(as_text=True)
    assert "changed from the default (high)" in page
    send(client, {"type": "form_submit", "name": "contact_form"})

    assert admin.post(f"/admin/impact/{rule.id}/delete").status_code == 302
    send(client, {"type": "form_submit", "name": "contact_form"})
    assert [impact for _, _, impact in stored(app)] == ["low", "high"]
    assert [action for action, _ in audit(app)] == ["impact.save", "impact.save", "impact.delete"]
    assert admin.post(f"/admin/impact/{rule.id}/delete").status_code == 404


def test_the_tracker_settings_follow_the_table(app, client):
    admin = signed_in_client(app)
    save(admin, "click", "book_now", "high")
    response = client.get("/api/v1/events/config")
    assert response.status_code == 200 and response.cache_control.max_age == 60
    rules = response.get_json()["impact"]["rules"]
    assert {"type": "click", "name": "book_now", "impact": "high"} in rules
    assert {"type": "form_submit", "name": "*", "impact": "high"} in rules
    assert response.get_json()["impact"]["default"] == "low"


def test_the_check_says_what_an_event_would_get(app):
    admin = signed_in_client(app)
    page = admin.get("/admin/impact?type=tool_usage&name=cost_calculator:result").get_data(as_text=True)
    assert 'data-testid="impact-check-result"' in page and "<strong>high</strong> impact" in page
    assert 'data-testid="impact-check-result"' not in admin.get("/admin/impact?type=nope").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"event_type": "teleport", "pattern": "x", "impact": "high"}, "event_type", "one of click"),
        ({"event_type": "click", "pattern": "   ", "impact": "high"}, "pattern", "at most 255 characters"),
        (
            {"event_type": "click", "pattern": "x" * 256, "impact": "high"},
            "pattern",
            "at most 255 characters",
        ),
        (
            {"event_type": "click", "pattern": "a\tb", "impact": "high"},
            "pattern",
            "an event name or a pattern",
        ),
        ({"event_type": "click", "pattern": "x", "impact": "huge"}, "impact", "one of low, medium, high"),
    ],
)
def test_bad_rules_are_refused_by_field_and_nothing_is_saved(app, form, field, message):
    response = signed_in_client(app).post("/admin/impact", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error">' in page and message in page
    with app.app_context():
        assert db.session.scalars(select(EventImpactRule)).all() == []
    assert audit(app) == []


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_only_admins_change_the_table(app, role):
    client = signed_in_client(app, role)
    assert client.get("/admin/impact").status_code == 403
    assert save(client, "click", "x", "high").status_code == 403


def test_the_table_holds_a_bounded_number_of_rules(app):
    with app.app_context():
        db.session.add_all(
            EventImpactRule(event_type="click", pattern=f"button_{n}", impact="high")
            for n in range(MAX_STORED_RULES)
        )
        db.session.commit()
    response = save(signed_in_client(app), "click", "one_more", "high")
    assert response.status_code == 400
    assert f"at most {MAX_STORED_RULES} rules besides the defaults" in response.get_data(as_text=True)
    assert save(signed_in_client(app), "click", "button_7", "low").status_code == 302  # a change still fits
