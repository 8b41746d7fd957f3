"""The admin audit log: account changes, rule publishes and restores, sync retries and lead exports
are recorded with who did them (None: the command line) and ids only; admins read it, filtered."""

import json
import re

import pytest
from sqlalchemy import select

from leadcapture.accounts import find_user
from leadcapture.admin_audit import record_admin_action
from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, SyncOutbox, User
from leadcapture.scoring_rules.seed import seed_default_rules
from tests.admin.lead_data import make_lead
from tests.admin.rules_helpers import calculator_form, rule_id
from tests.admin.signin import PASSWORD, signed_in_client, staff_email


def entries(app) -> list[tuple]:
    """(actor email or None, action, target kind, target id, detail) of every entry, oldest first."""
    with app.app_context():
        rows = db.session.execute(
            select(User.email, AdminAuditEntry.action, AdminAuditEntry.target_kind)
            .add_columns(AdminAuditEntry.target_id, AdminAuditEntry.detail)
            .outerjoin(User, User.id == AdminAuditEntry.actor_id)
            .order_by(AdminAuditEntry.id)
        )
        return [tuple(row) for row in rows]


def no_personal_data(app) -> bool:
    return all("@" not in json.dumps(detail) for *_, detail in entries(app))


def user_id(app, email: str) -> str:
    with app.app_context():
        return str(find_user(email).id)


def test_account_changes_on_the_users_page_are_logged_with_the_admin(app):
    admin = signed_in_client(app, "admin")
    admin.post("/admin/users", data={"email": "sam@example.com", "role": "sales", "password": PASSWORD})
    sam = user_id(app, "sam@example.com")
    admin.post(f"/admin/users/{sam}/role", data={"role": "marketing"})
    admin.post(f"/admin/users/{sam}/deactivate")
    admin.post(f"/admin/users/{sam}/reactivate")
    boss = staff_email("admin")
    assert entries(app)[1:] == [
        (boss, "user.create", "user", sam, {"role": "sales"}),
        (boss, "user.role", "user", sam, {"from": "sales", "to": "marketing"}),
        (boss, "user.deactivate", "user", sam, {}),
        (boss, "user.activate", "user", sam, {}),
    ]
    # The first entry is the test's own admin, created without anyone signed in.
    assert entries(app)[0][:3] == (None, "user.create", "user")


def test_refused_changes_are_not_logged(app):
    admin = signed_in_client(app, "admin")
    before = entries(app)
    me = user_id(app, staff_email("admin"))
    assert admin.post(f"/admin/users/{me}/deactivate").status_code == 400
    admin.post("/admin/users", data={"email": "x@example.com", "role": "sales", "password": "password123"})
    assert entries(app) == before


def test_command_line_changes_are_logged_without_an_actor(runner, app):
    runner.invoke(args=["users", "create", "mia@example.com", "--role", "sales", "--password", PASSWORD])
    runner.invoke(args=["users", "set-role", "mia@example.com", "admin"])
    mia = user_id(app, "mia@example.com")
    assert entries(app) == [
        (None, "user.create", "user", mia, {"role": "sales"}),
        (None, "user.role", "user", mia, {"from": "sales", "to": "admin"}),
    ]


def test_rule_publishes_and_restores_are_logged(app):
    with app.app_context():
        seed_default_rules()  # version 1, from the command line
        calculator = rule_id("Cost calculator used")
    admin = signed_in_client(app, "admin")
    admin.post(f"/admin/rules/{calculator}/edit", data=calculator_form(40))
    assert admin.post("/admin/rules/publish", data={"note": "cheaper"}).status_code == 302
    assert admin.post("/admin/rules/versions/1/restore").status_code == 302
    logged = [entry for entry in entries(app) if entry[1].startswith("rules.")]
    rules = 9  # SPEC's default rules
    boss = staff_email("admin")
    assert logged == [
        (None, "rules.publish", "rule_set", "1", {"rules": rules}),
        (boss, "rules.publish", "rule_set", "2", {"rules": rules}),
        (boss, "rules.restore", "rule_set", "3", {"rules": rules, "restored_from": 1}),
    ]


def test_sync_retries_are_logged_with_the_rows_sent_again(app):
    with app.app_context():
        make_lead("ann@example.com")
        db.session.commit()  # a new lead: an outbox row
        row = db.session.scalars(select(SyncOutbox)).one()
        row.status, row_id = "dead", row.id
        db.session.commit()
    admin = signed_in_client(app, "admin")
    admin.post("/admin/sync/retry", data={"row_id": str(row_id)})
    admin.post("/admin/sync/retry")
    boss = staff_email("admin")
    assert entries(app)[-2:] == [
        (boss, "sync.retry", "sync_outbox", str(row_id), {"rows": 1}),
        (boss, "sync.retry", "sync_outbox", None, {"rows": 0}),
    ]


def test_lead_exports_are_logged_with_their_filters_and_no_personal_data(app):
    with app.app_context():
        make_lead("ann@example.com", name="Ann Smith", first_utm_campaign="spring")
        db.session.commit()
    sales = signed_in_client(app, "sales")
    export = sales.get("/admin/leads.csv?status=new&campaign=spring")
    assert export.status_code == 200 and "ann@example.com" in export.get_data(as_text=True)
    assert sales.get("/admin/leads.csv?status=nonsense").status_code == 400  # refused: not logged
    filters = {"status": "new", "campaign": "spring", "sort": "created", "dir": "desc"}
    assert entries(app)[-1] == (staff_email("sales"), "leads.export", "leads", None, {"filters": filters})
    assert [entry[1] for entry in entries(app)].count("leads.export") == 1
    assert no_personal_data(app)


def test_record_admin_action_joins_the_callers_transaction(app):
    with app.app_context():
        record_admin_action(None, "person.erase", "privacy_request", "abc123", {"rows": 12})
        db.session.rollback()
        assert db.session.scalars(select(AdminAuditEntry)).all() == []
        record_admin_action(None, "person.erase", "privacy_request", "abc123", {"rows": 12})
        db.session.commit()
    assert entries(app) == [(None, "person.erase", "privacy_request", "abc123", {"rows": 12})]


def test_the_log_outlives_the_account_that_acted(app):
    with app.app_context():
        gone = User(email="gone@example.com", role="admin", password_hash="x")
        db.session.add(gone)
        db.session.flush()
        record_admin_action(gone.id, "leads.export", "leads", None)
        db.session.commit()
        db.session.delete(gone)
        db.session.commit()
        assert db.session.scalars(select(AdminAuditEntry.actor_id)).all() == [None]


def audit_rows(page: str) -> list[str]:
    return re.findall(r'data-testid="audit-row" data-action="([\w.]+)"', page)


def test_admins_read_the_log_newest_first_and_filter_it(app):
    admin = signed_in_client(app, "admin")
    admin.post("/admin/users", data={"email": "sam@example.com", "role": "sales", "password": PASSWORD})
    sam = user_id(app, "sam@example.com")
    admin.post(f"/admin/users/{sam}/role", data={"role": "marketing"})
    admin.get("/admin/leads.csv")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert audit_rows(page) == ["leads.export", "user.role", "user.create", "user.create"]
    assert "Role changed" in page and "Leads exported (CSV)" in page and "command line" in page
    text = re.sub(r"<[^>]+>", "", page)
    assert "user sam@example.com" in text and "from: sales; to: marketing" in text
    assert (
        audit_rows(admin.get("/admin/audit?action=user.create").get_data(as_text=True)) == ["user.create"] * 2
    )
    me = user_id(app, staff_email("admin"))
    assert audit_rows(admin.get(f"/admin/audit?user={me}").get_data(as_text=True)) == [
        "leads.export",
        "user.role",
        "user.create",
    ]
    assert audit_rows(admin.get(f"/admin/audit?user={me}&action=user.role").get_data(as_text=True)) == [
        "user.role"
    ]
    assert admin.get("/admin/audit?user=nobody").status_code == 400


def test_the_log_pages(app, monkeypatch):
    monkeypatch.setattr("leadcapture.admin_audit.PAGE_SIZE", 2)
    admin = signed_in_client(app, "admin")
    for _ in range(3):
        admin.get("/admin/leads.csv")
    first = admin.get("/admin/audit?action=leads.export").get_data(as_text=True)
    assert len(audit_rows(first)) == 2 and 'rel="next"' in first
    second = admin.get("/admin/audit?action=leads.export&page=2").get_data(as_text=True)
    assert len(audit_rows(second)) == 1 and 'rel="next"' not in second and 'rel="prev"' in second


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_only_admins_see_the_log(app, role):
    client = signed_in_client(app, role)
    assert client.get("/admin/audit").status_code == 403
    assert "Audit log" not in client.get("/admin/").get_data(as_text=True)


def test_a_persons_export_and_erasure_consent_withdrawal_deletion_and_restore_are_logged(app):
    with app.app_context():
        lead = str(make_lead("ann@example.com", 0, ("cost_calculator",), consent_marketing=True).id)
        db.session.commit()
    admin = signed_in_client(app, "admin")
    with admin.get(f"/admin/leads/{lead}/export") as download:
        assert download.status_code == 200
    assert admin.post(f"/admin/leads/{lead}/consent/withdraw").status_code == 303
    assert admin.post(f"/admin/leads/{lead}/delete").status_code == 303
    assert admin.post(f"/admin/leads/{lead}/restore").status_code == 303
    assert admin.post(f"/admin/leads/{lead}/erase").status_code == 303
    boss = staff_email("admin")
    assert [entry[:4] for entry in entries(app)[1:]] == [
        (boss, "person.export", "lead", lead),
        (boss, "consent.withdraw", "lead", lead),
        (boss, "lead.delete", "lead", lead),
        (boss, "lead.restore", "lead", lead),
        (boss, "person.erase", "lead", lead),
    ]
    assert no_personal_data(app)
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "Person erased" in page and "Deleted lead restored" in page
