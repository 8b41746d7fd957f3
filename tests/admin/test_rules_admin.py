"""The rules admin: the draft rule list, editing with the engine's messages, settings, preview,
publishing with a rescore, version history with diffs, restoring, the audit log, access."""

import re

import pytest
from sqlalchemy import func, select

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion, ScoringRule
from leadcapture.scoring import DEFAULT_RULES
from leadcapture.scoring_rules import audit
from leadcapture.scoring_rules.draft import draft_rule, draft_settings
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.visitor_scores.rescore import rescore_all
from tests.admin.rules_helpers import (
    calculator_form,
    field_error,
    finish_jobs,
    lead_score,
    rule_form,
    rule_id,
    rule_names,
    seed_scored_lead,
)
from tests.admin.signin import csrf_token, signed_in_client
from tests.visitor_scores.helpers import AI, CALC_BIG, CALC_SMALL, make_visitor

pytestmark = pytest.mark.heavy

DEFAULT_ORDER = [rule["name"] for rule in DEFAULT_RULES]


@pytest.fixture
def seeded(app):
    """The default rules live, one calculator lead scored 70; yields (app, admin client, lead id)."""
    with app.app_context():
        lead_id = seed_scored_lead()
    return app, signed_in_client(app), lead_id


def last_audit(app):
    with app.app_context():
        return audit.recent(1)[0]


def rule_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(ScoringRule.id)))


def coverage(page: str) -> str:
    """The rules page's line on stored scores, whitespace collapsed."""
    return " ".join(re.search(r'data-testid="score-coverage"[^>]*>(.*?)</p>', page, re.S)[1].split())


def test_list_shows_the_draft_rules_the_live_version_and_stored_scores(seeded):
    _, client, _ = seeded
    page = client.get("/admin/rules").get_data(as_text=True)
    assert rule_names(page) == DEFAULT_ORDER
    assert "tool = cost_calculator and data.procedures has at least 2" in page
    assert "data.budget_range in 5k_10k, over_10k" in page
    assert "+5 each after the first 1" in page
    assert "Live: version 1" in page and 'data-testid="draft-same"' in page
    assert coverage(page) == "Stored scores from version 1: 1 of 1 visitors, 1 of 1 leads."
    assert "offered from 60; asks email, name, phone, preferred_contact_time, company" in page


def test_create_a_rule(seeded):
    app, client, _ = seeded
    assert "Condition 3 field" in client.get("/admin/rules/new").get_data(as_text=True)
    # A blank row between conditions is skipped; "2" is read as a number for a number field.
    form = rule_form(conditions=[("visitor.session_count", "gte", "2"), ("", "", ""), ("tool", "in", "a, b")])
    form |= {"conditions-2-value": "cost_calculator, face_analysis"}
    response = client.post("/admin/rules/new", data=form)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/rules"
    page = client.get("/admin/rules").get_data(as_text=True)
    assert rule_names(page) == [*DEFAULT_ORDER, "Returning visitor"]
    assert "Rule “Returning visitor” added to the draft" in page
    assert 'data-testid="draft-differs"' in page and "Added rule <strong>Returning visitor</strong>" in page
    with app.app_context():
        rule = draft_rule(rule_id("Returning visitor"))
    assert rule["condition"]["conditions"] == [
        {"field": "visitor.session_count", "op": "gte", "value": 2},
        {"field": "tool", "op": "in", "value": ["cost_calculator", "face_analysis"]},
    ]
    assert (rule["points"], rule["kind"], rule["active"]) == (10, "bonus", True)
    entry = last_audit(app)
    assert (entry.actor, entry.action, entry.subject) == (
        "admin@example.com",
        "rule_created",
        "Returning visitor",
    )


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"conditions": [("visitor.age", "gt", "3")]},
            "conditions-0-field",
            "unknown field 'visitor.age'; use tool, data.<key>",
        ),
        (
            {"conditions": [("tool", "like", "cost%")]},
            "conditions-0-op",
            "unknown operator 'like'; use one of eq",
        ),
        (
            {"conditions": [("", "", ""), ("visitor.active_seconds", "gte", "five minutes")]},
            "conditions-1-value",
            "'gte' needs a number, got text 'five minutes'",
        ),
        (
            {"conditions": [("data.budget_range", "eq", "high")]},
            "conditions-0-value",
            "'high' is not a known budget range; use one of under_1k",
        ),
        (
            {"conditions": [("data.procedures", "gt", "2")]},
            "conditions-0-op",
            "operator 'gt' does not apply to data.procedures (list)",
        ),
        ({"conditions": [("tool", "eq", "")]}, "conditions-0-value", "'eq' needs a value, got null"),
        ({"conditions": []}, "conditions", "needs a non-empty list of {field, op, value} conditions"),
        ({"points": "lots"}, "points", "must be a whole number between -1000 and 1000"),
        ({"points": "2.5"}, "points", "must be a whole number between -1000 and 1000"),
        ({"points": ""}, "points", "is required"),
        ({"name": "  "}, "name", "is required (non-empty text)"),
        ({"name": "High budget"}, "name", "a rule named 'High budget' already exists"),
        ({"kind": "extra"}, "kind", "unknown kind 'extra'; use base or bonus"),
        ({"match": "most"}, "match", "unknown match mode 'most'; use all or any"),
        ({"kind": "base", "per_match": "y"}, "per_match", "base rules cannot be per match"),
        ({"maximum": "20"}, "maximum", "applies only to per-match rules"),
        (
            {"per_match": "y", "skip_matches": "-1"},
            "skip_matches",
            "must be a whole number from 0 to 1000000",
        ),
        ({"per_match": "y", "maximum": "99999999999"}, "maximum", "must be a whole number from 0 to 1000000"),
    ],
)
def test_an_invalid_rule_shows_the_engines_message_next_to_the_field(seeded, changes, field_id, message):
    app, client, _ = seeded
    changes = dict(changes)
    conditions = changes.pop("conditions", (("visitor.session_count", "gte", "2"),))
    response = client.post("/admin/rules/new", data=rule_form(conditions=conditions, **changes))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_error(page, field_id).startswith(message)
    assert "Please correct the highlighted fields." in page
    assert rule_count(app) == len(DEFAULT_ORDER)


def test_edit_a_rule(seeded):
    app, client, lead_id = seeded
    with app.app_context():
        calculator = rule_id("Cost calculator used")
    form_page = client.get(f"/admin/rules/{calculator}/edit").get_data(as_text=True)
    assert 'value="Cost calculator used"' in form_page and 'name="points" type="text" value="70"' in form_page
    assert 'name="conditions-0-value" type="text" value="cost_calculator"' in form_page

    bad = client.post(f"/admin/rules/{calculator}/edit", data=calculator_form("x"))
    assert bad.status_code == 400 and field_error(bad.get_data(as_text=True), "points").startswith("must be")

    form = calculator_form(
        140, description="Used the calculator.", **{"conditions-0-value": "cost_calculator"}
    )
    assert client.post(f"/admin/rules/{calculator}/edit", data=form).status_code == 302
    with app.app_context():
        edited = draft_rule(calculator)
        assert (edited["points"], edited["description"]) == (140, "Used the calculator.")
        assert lead_score(lead_id) == (70, 1)  # the draft alone changes no stored score
    page = client.get("/admin/rules").get_data(as_text=True)
    assert "description: <del>Used the cost calculator.</del> → <ins>Used the calculator.</ins>" in page
    assert "points: <del>70</del> → <ins>140</ins>" in page
    entry = last_audit(app)
    assert (entry.action, entry.before["points"], entry.after["points"]) == ("rule_updated", 70, 140)
    assert client.get("/admin/rules/9999/edit").status_code == 404


def test_enable_and_disable(seeded):
    app, client, _ = seeded
    with app.app_context():
        budget = rule_id("High budget")
    assert client.post(f"/admin/rules/{budget}/active", data={"active": "0"}).status_code == 302
    page = client.get("/admin/rules").get_data(as_text=True)
    assert 'aria-label="Enable High budget"' in page and "Rule “High budget” disabled in the draft." in page
    assert "active: <del>true</del> → <ins>false</ins>" in page
    with app.app_context():
        assert draft_rule(budget)["active"] is False
    entry = last_audit(app)
    assert (entry.action, entry.before["active"], entry.after["active"]) == ("rule_updated", True, False)
    client.post(f"/admin/rules/{budget}/active", data={"active": "1"})
    assert 'data-testid="draft-same"' in client.get("/admin/rules").get_data(as_text=True)


def test_reorder(seeded):
    app, client, _ = seeded
    with app.app_context():
        booked, first = rule_id("Appointment booked"), rule_id("AI recommendation used")
    client.post(f"/admin/rules/{booked}/move", data={"direction": "up"})
    client.post(f"/admin/rules/{first}/move", data={"direction": "up"})  # already first: no change
    client.post(f"/admin/rules/{first}/move", data={"direction": "down"})
    names = rule_names(client.get("/admin/rules").get_data(as_text=True))
    assert names[:4] == [
        "Face analysis used",
        "AI recommendation used",
        "Appointment booked",
        "Cost calculator used",
    ]
    entry = last_audit(app)
    assert entry.action == "rules_reordered" and entry.after["order"] == names
    sideways = client.post(f"/admin/rules/{first}/move", data={"direction": "sideways"})
    assert sideways.status_code == 400 and "must be up or down" in sideways.get_data(as_text=True)
    assert client.post("/admin/rules/9999/move", data={"direction": "up"}).status_code == 404


def test_delete_after_confirming(seeded):
    app, client, _ = seeded
    with app.app_context():
        urgency = rule_id("Immediate urgency")
    confirm = client.get(f"/admin/rules/{urgency}/delete").get_data(as_text=True)
    assert "Delete rule “Immediate urgency”?" in confirm and rule_count(app) == len(DEFAULT_ORDER)
    assert client.post(f"/admin/rules/{urgency}/delete").status_code == 302
    page = client.get("/admin/rules").get_data(as_text=True)
    assert (
        "Immediate urgency" not in rule_names(page)
        and "Removed rule <strong>Immediate urgency</strong>" in page
    )
    entry = last_audit(app)
    assert (entry.action, entry.subject, entry.before["points"]) == ("rule_deleted", "Immediate urgency", 25)
    assert client.post(f"/admin/rules/{urgency}/delete").status_code == 404


SETTINGS_FORM = {
    "medium_threshold": "40",
    "high_threshold": "70",
    "form_threshold": "60",
    "field_priority": "email, name, phone, preferred_contact_time, company",
    "max_fields_per_form": "3",
    "reprompt_cooldown_seconds": "600",
    "max_prompts_per_session": "2",
    "decay_half_life_days": "90",
}


def test_settings(seeded):
    app, client, _ = seeded
    page = client.get("/admin/rules/settings").get_data(as_text=True)
    assert 'name="form_threshold" type="text" value="60"' in page
    changed = SETTINGS_FORM | {"form_threshold": "50", "field_priority": "phone, email", "decay_enabled": "y"}
    assert (
        client.post("/admin/rules/settings", data=changed | {"decay_half_life_days": "21"}).status_code == 302
    )
    with app.app_context():
        settings = draft_settings()
    assert (settings.form_threshold, settings.field_priority, settings.decay_enabled) == (
        50,
        ("phone", "email"),
        True,
    )
    assert settings.decay_half_life_days == 21
    page = client.get("/admin/rules").get_data(as_text=True)
    assert (
        "offered from 50; asks phone, email" in page
        and "form_threshold: <del>60</del> → <ins>50</ins>" in page
    )
    entry = last_audit(app)
    assert (entry.action, entry.before["form_threshold"], entry.after["form_threshold"]) == (
        "settings_updated",
        60,
        50,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"medium_threshold": "80"}, "high_threshold", "must not be below medium_threshold"),
        ({"form_threshold": "sixty"}, "form_threshold", "must be a whole number from 0 to 100"),
        ({"max_fields_per_form": "0"}, "max_fields_per_form", "must be a whole number from 1 to 20"),
        ({"reprompt_cooldown_seconds": ""}, "reprompt_cooldown_seconds", "must be a whole number from 0"),
        ({"field_priority": " , "}, "field_priority", "must be a non-empty list of distinct field names"),
        ({"field_priority": "email, email"}, "field_priority", "must be a non-empty list of distinct"),
        ({"field_priority": "email, fax"}, "field_priority", "unknown contact field 'fax'; use email, name"),
        ({"decay_half_life_days": "0"}, "decay_half_life_days", "must be a whole number from 1 to 3650"),
        ({"decay_half_life_days": "2.5"}, "decay_half_life_days", "must be a whole number from 1 to 3650"),
        ({"decay_half_life_days": "a month"}, "decay_half_life_days", "must be a whole number from 1"),
    ],
)
def test_invalid_settings_show_the_engines_message(seeded, changes, field, message):
    app, client, _ = seeded
    response = client.post("/admin/rules/settings", data=SETTINGS_FORM | changes)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field).startswith(message)
    with app.app_context():
        assert draft_settings().form_threshold == 60 and not audit.recent(1)[0].action.startswith("settings")


def preview_with_calculator_at_30_points(app) -> str:
    """An admin drafts the calculator rule down to 30 points and opens the preview page."""
    with app.app_context():
        calculator = rule_id("Cost calculator used")
    client = signed_in_client(app)
    client.post(f"/admin/rules/{calculator}/edit", data=calculator_form(30))
    return client.get("/admin/rules/preview").get_data(as_text=True)


def test_preview_reports_the_drafts_impact(app):
    with app.app_context():
        seed_scored_lead()  # one more visitor with CALC_SMALL
        small, big = make_visitor([CALC_SMALL]), make_visitor([CALC_BIG])
        make_visitor([AI]), make_visitor()
        rescore_all()
    page = preview_with_calculator_at_30_points(app)
    assert re.search(r'preview-changed">3</strong> of\s+<strong data-testid="preview-visitors">5<', page)
    levels = dict(re.findall(r'<tr data-level="(\w+)"><th>[^<]*</th>((?:<td>[^<]*</td>\s*)+)</tr>', page))
    cells = {level: re.findall(r"<td>([^<]*)</td>", row) for level, row in levels.items()}
    assert cells == {
        "low": ["1", "3", "+2"],
        "medium": ["1", "1", "+0"],
        "high": ["3", "1", "-2"],
        "offered": ["4", "2", "-2"],
    }
    movers = re.findall(
        r"<tr><td><code>(\w+)</code></td><td>(\d+)</td><td>(\d+)</td><td>([-+]\d+)</td></tr>", page
    )
    assert movers[0][1:] == ("70", "30", "-40") and movers[-1] == (big, "100", "90", "-10")
    assert small in [mover[0] for mover in movers[:2]]
    assert 'data-testid="publish-form"' in page


def test_preview_page_samples_a_large_audience_and_says_so(app, monkeypatch):
    monkeypatch.setattr("leadcapture.blueprints.admin.rule_versions.PAGE_SAMPLE", 2)
    with app.app_context():
        seed_default_rules()
        for _ in range(4):
            make_visitor([CALC_SMALL])
        rescore_all()
    page = preview_with_calculator_at_30_points(app)
    assert re.search(r"A sample of 2 of the\s+4 known visitors", page)
    assert re.search(r'preview-changed">2</strong> of\s+<strong data-testid="preview-visitors">2<', page)
    assert 'preview-estimate">4<' in page


def test_publish_rescores_leads_then_restore_brings_the_old_score_back(seeded):
    app, client, lead_id = seeded
    with app.app_context():
        calculator = rule_id("Cost calculator used")
    client.post(f"/admin/rules/{calculator}/edit", data=calculator_form(40))

    response = client.post("/admin/rules/publish", data={"note": "cheaper calculator"})
    assert response.status_code == 302
    finish_jobs(app)
    with app.app_context():
        assert lead_score(lead_id) == (40, 2)
    page = client.get("/admin/rules").get_data(as_text=True)
    assert "Published version 2. Stored scores are being recomputed with it." in page
    assert (
        "Live: version 2" in page and "(“cheaper calculator”)" in page and 'data-testid="draft-same"' in page
    )
    assert coverage(page) == "Stored scores from version 2: 1 of 1 visitors, 1 of 1 leads."
    entry = last_audit(app)
    assert (entry.action, entry.version, entry.after["note"]) == ("published", 2, "cheaper calculator")

    again = client.post("/admin/rules/publish", data={"note": "again"}, follow_redirects=True)
    assert "nothing to publish" in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.max(RuleSetVersion.version))) == 2

    versions = client.get("/admin/rules/versions").get_data(as_text=True)
    assert re.findall(r'<tr data-version="(\d+)">', versions) == ["2", "1"]
    change = client.get("/admin/rules/versions/2").get_data(as_text=True)
    assert "Changes from version 1" in change
    assert (
        "<strong>Cost calculator used</strong>:\n        points: <del>70</del> → <ins>40</ins></li>" in change
    )
    assert "The first version" in client.get("/admin/rules/versions/1").get_data(as_text=True)
    assert client.get("/admin/rules/versions/7").status_code == 404

    assert client.post("/admin/rules/versions/1/restore").status_code == 302
    finish_jobs(app)
    with app.app_context():
        assert lead_score(lead_id) == (70, 3)
        assert draft_rule(rule_id("Cost calculator used"))["points"] == 70  # the draft is version 1's again
    page = client.get("/admin/rules").get_data(as_text=True)
    assert "Version 1 restored as version 3." in page and "Live: version 3" in page
    assert "points: <del>40</del> → <ins>70</ins>" in client.get("/admin/rules/versions/3").get_data(
        as_text=True
    )
    entry = last_audit(app)
    assert (entry.action, entry.subject) == ("restored", "version 3 (from version 1)")
    assert client.post("/admin/rules/versions/42/restore").status_code == 404


def test_audit_log_page_lists_each_change(seeded):
    app, client, _ = seeded
    with app.app_context():
        budget = rule_id("High budget")
    client.post("/admin/rules/new", data=rule_form())
    client.post(f"/admin/rules/{budget}/active", data={"active": "0"})
    client.post("/admin/rules/publish", data={"note": "weekly"})
    finish_jobs(app)
    page = client.get("/admin/rules/audit").get_data(as_text=True)
    assert re.findall(r'<tr data-action="(\w+)">', page) == [
        "published",
        "rule_updated",
        "rule_created",
        "published",
    ]
    assert "admin@example.com" in page and "seed" in page
    assert "active: <del>true</del> → <ins>false</ins>" in page
    assert "condition: <del>—</del> → <ins>visitor.session_count ≥ 2</ins>" in page


PAGES = [
    ("get", "/admin/rules"),
    ("get", "/admin/rules/new"),
    ("post", "/admin/rules/new"),
    ("get", "/admin/rules/1/edit"),
    ("post", "/admin/rules/1/active"),
    ("post", "/admin/rules/1/move"),
    ("get", "/admin/rules/1/delete"),
    ("post", "/admin/rules/1/delete"),
    ("get", "/admin/rules/settings"),
    ("post", "/admin/rules/settings"),
    ("get", "/admin/rules/preview"),
    ("post", "/admin/rules/publish"),
    ("get", "/admin/rules/versions"),
    ("get", "/admin/rules/versions/1"),
    ("post", "/admin/rules/versions/1/restore"),
    ("get", "/admin/rules/audit"),
]


def test_only_admins_reach_the_rules_admin(seeded):
    app, _, _ = seeded
    anonymous, sales, marketing = (
        app.test_client(),
        signed_in_client(app, "sales"),
        signed_in_client(app, "marketing"),
    )
    for method, path in PAGES:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 302 and "/admin/login" in response.headers["Location"], path
        assert getattr(sales, method)(path).status_code == 403, path
        assert getattr(marketing, method)(path).status_code == 403, path
    assert rule_count(app) == len(DEFAULT_ORDER)


def test_posts_need_the_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        seed_scored_lead()
        ensure_user("admin@example.com", "Velvet-Otter-Drums-71", "admin")
        budget = rule_id("High budget")
    client = app.test_client()
    token = csrf_token(client)
    client.post(
        "/admin/login",
        data={"email": "admin@example.com", "password": "Velvet-Otter-Drums-71", "csrf_token": token},
    )
    valid = rule_form() | {"active": "0"}
    for path, form in (
        ("/admin/rules/new", valid),
        (f"/admin/rules/{budget}/active", valid),
        ("/admin/rules/publish", valid),
        ("/admin/rules/settings", SETTINGS_FORM),  # valid settings: only the token is missing
    ):
        assert client.post(path, data=form).status_code == 400, path
    assert rule_count(app) == len(DEFAULT_ORDER)
    token = csrf_token(client, "/admin/rules/new")
    assert client.post("/admin/rules/new", data=rule_form() | {"csrf_token": token}).status_code == 302
    assert rule_count(app) == len(DEFAULT_ORDER) + 1
