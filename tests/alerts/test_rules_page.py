"""/admin/alerts (admins): each rule on or off with its thresholds and recipients; malformed
thresholds and addresses get a message on their field, nothing is saved, never a 500."""

import pytest
from sqlalchemy import select

from leadcapture.alerts.rules import all_rule_settings, rule_settings
from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry
from tests.admin.signin import signed_in_client


@pytest.fixture
def admin(app):
    return signed_in_client(app, "admin")


def test_the_page_shows_every_rule_off_with_its_defaults(admin):
    page = admin.get("/admin/alerts").get_data(as_text=True)
    for kind in ("hot_lead", "sync_health", "lead_flow", "satisfaction"):
        assert f'data-testid="alert-rule-{kind}"' in page
    assert 'name="hot_lead-score" type="text" value="70"' in page
    assert 'name="satisfaction-below" type="text" value="3.5"' in page
    assert 'name="lead_flow-p_value" type="text" value="0.01"' in page


def test_an_admin_saves_a_rule_and_it_is_audited(admin, app):
    form = {
        "sync_health-enabled": "y",
        "sync_health-pending_minutes": " 45 ",
        "sync_health-dead_letters": "3",
        "sync_health-recipients": "Ops@Example.com;\nlead@example.com ops@example.com",
    }
    response = admin.post("/admin/alerts/sync_health", data=form)
    assert response.status_code == 302 and response.location == "/admin/alerts#sync_health"
    assert "HubSpot sync health: saved." in admin.get("/admin/alerts").get_data(as_text=True)
    with app.app_context():
        rule = rule_settings("sync_health")
        assert (rule.enabled, rule.thresholds, rule.recipients) == (
            True,
            {"pending_minutes": 45, "dead_letters": 3},
            ("ops@example.com", "lead@example.com"),
        )
        entry = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "alerts.rule")
        ).one()
        assert (entry.action, entry.target_id, entry.detail["recipients"]) == (
            "alerts.rule",
            "sync_health",
            2,
        )
    assert "ops@example.com\nlead@example.com</textarea>" in admin.get("/admin/alerts").get_data(as_text=True)


@pytest.mark.parametrize(
    ("kind", "field", "typed", "message"),
    [
        ("hot_lead", "score", "seventy", "Score that makes a lead hot: a whole number from 1 to 100."),
        ("hot_lead", "score", "0", "a whole number from 1 to 100"),
        ("hot_lead", "score", "70.5", "a whole number from 1 to 100"),
        ("hot_lead", "score", "", "a whole number from 1 to 100"),
        ("satisfaction", "below", "5.5", "a number from 1 to 5"),
        ("satisfaction", "p_value", "nan", "a number from 0.0001 to 0.2"),
        ("lead_flow", "quiet_hours", "1e9", "a whole number from 1 to 168"),
        (
            "hot_lead",
            "recipients",
            "sales@example.com, not-an-address",
            "Not an email address: not-an-address",
        ),
    ],
)
def test_malformed_values_get_a_message_on_their_field_and_nothing_is_saved(
    admin, app, kind, field, typed, message
):
    response = admin.post(f"/admin/alerts/{kind}", data={f"{kind}-enabled": "y", f"{kind}-{field}": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p class="field-error" id="{kind}-{field}-error">' in page and message in page
    assert "Please correct the highlighted fields." in page
    assert f'name="{kind}-{field}"' in page and 'aria-invalid="true"' in page
    with app.app_context():
        assert not any(rule.enabled for rule in all_rule_settings())


def test_an_unknown_kind_is_not_found(admin):
    assert admin.post("/admin/alerts/weather", data={}).status_code == 404
