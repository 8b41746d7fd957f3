"""Admins delete a lead from its page: hidden, silent towards HubSpot, restorable for 30 days."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.leads.bulk import update_leads
from leadcapture.models import Lead, LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.reports.dashboard import dashboard
from leadcapture.reports.period import last_days
from tests.admin.lead_data import make_lead
from tests.admin.signin import signed_in_client
from tests.admin.test_lead_workflow import outbox_reasons


@pytest.fixture
def lead_id(app):
    with app.app_context():
        lead = make_lead("ann@example.com", days=0, name="Ann")
        lead.created_at = utcnow() - timedelta(days=1)
        make_lead("bob@example.com", days=1)
        db.session.commit()
        return lead.id


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_deleted_lead_is_hidden_from_the_lists_and_restorable_by_admins(app, lead_id):
    admin = signed_in_client(app, "admin")
    with app.app_context():
        visitor_id = db.session.scalars(
            select(LeadVisitor.visitor_id).where(LeadVisitor.lead_id == lead_id)
        ).one()
        leads_before = dashboard(last_days(7)).current.leads

    response = admin.post(f"/admin/leads/{lead_id}/delete")
    assert response.status_code == 303 and response.location.endswith(f"/admin/leads/{lead_id}")
    notice = page(admin, f"/admin/leads/{lead_id}")
    assert "Lead deleted: hidden from the lists, restorable until" in notice
    assert 'data-testid="deleted-notice"' in notice and 'data-testid="restore-lead"' in notice
    assert re.search(r"admin@example\.com:\s+deleted the lead", notice)

    listed = page(admin, "/admin/leads")
    assert "bob@example.com" in listed and "ann@example.com" not in listed
    assert "ann@example.com" not in page(admin, "/admin/leads.csv")
    assert "ann@example.com" not in page(admin, f"/admin/visitors/{visitor_id}")
    deleted = page(admin, "/admin/leads/deleted")
    assert re.search(r"ann@example\.com.*?<td>Ann</td>.*?admin@example\.com", deleted, re.S)
    with app.app_context():
        assert dashboard(last_days(7)).current.leads == leads_before  # it was a lead that day

    assert admin.post(f"/admin/leads/{lead_id}/restore").status_code == 303
    restored = page(admin, f"/admin/leads/{lead_id}")
    assert "Lead restored." in restored and 'data-testid="deleted-notice"' not in restored
    assert re.search(r"admin@example\.com:\s+restored the lead", restored)
    assert "ann@example.com" in page(admin, "/admin/leads") and "ann@example.com" in page(
        admin, "/admin/leads.csv"
    )
    assert 'data-testid="no-deleted-leads"' in page(admin, "/admin/leads/deleted")


def test_sales_cannot_delete_and_do_not_see_a_deleted_lead(app, lead_id):
    sales = signed_in_client(app, "sales")
    assert sales.post(f"/admin/leads/{lead_id}/delete").status_code == 403
    assert 'data-testid="delete-lead"' not in page(sales, f"/admin/leads/{lead_id}")
    assert 'data-testid="deleted-leads-link"' not in page(sales, "/admin/leads")
    signed_in_client(app, "admin").post(f"/admin/leads/{lead_id}/delete")
    assert sales.get(f"/admin/leads/{lead_id}").status_code == 404
    assert sales.post(f"/admin/leads/{lead_id}/status", data={"status": "contacted"}).status_code == 404
    assert sales.post(f"/admin/leads/{lead_id}/notes", data={"text": "hello"}).status_code == 404
    assert sales.post(f"/admin/leads/{lead_id}/restore").status_code == 403
    assert sales.get("/admin/leads/deleted").status_code == 403


def test_hubspot_hears_nothing_of_a_deleted_lead_until_it_is_restored(app, lead_id):
    signed_in_client(app, "admin").post(f"/admin/leads/{lead_id}/delete")
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        lead.score, lead.engagement_level = 95, "high"  # a visitor of theirs used a tool
        db.session.commit()
        update_leads([{"id": lead_id, "score": 40, "engagement_level": "medium"}])  # a rescore
        db.session.commit()
    assert outbox_reasons(app, lead_id) == []
    signed_in_client(app, "admin").post(f"/admin/leads/{lead_id}/restore")
    assert outbox_reasons(app, lead_id) == ["restored"]
    with app.app_context():
        update_leads([{"id": lead_id, "score": 41}])
        db.session.commit()
    assert outbox_reasons(app, lead_id) == ["restored", "score"]


def test_deleting_twice_and_restoring_too_late_are_refused(app, lead_id):
    admin = signed_in_client(app, "admin")
    admin.post(f"/admin/leads/{lead_id}/delete")
    admin.post(f"/admin/leads/{lead_id}/delete")
    assert "this lead is deleted already" in page(admin, f"/admin/leads/{lead_id}")
    with app.app_context():
        db.session.get(Lead, lead_id).deleted_at = utcnow() - timedelta(days=30)
        db.session.commit()
    admin.post(f"/admin/leads/{lead_id}/restore")
    assert "can no longer be restored" in page(admin, f"/admin/leads/{lead_id}")
    with app.app_context():
        assert db.session.get(Lead, lead_id).deleted_at is not None
    assert admin.post("/admin/leads/999999/delete").status_code == 404
    with app.app_context():
        other = db.session.scalars(select(Lead.id).where(Lead.email == "bob@example.com")).one()
    admin.post(f"/admin/leads/{other}/restore")
    assert "this lead is not deleted" in page(admin, f"/admin/leads/{other}")
