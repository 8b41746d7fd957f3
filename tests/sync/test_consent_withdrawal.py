"""Marketing consent withdrawn by sales on the lead page reaches HubSpot (the fake one)."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.sync.helpers import wait_until

CALC = {"procedures": ["botox"], "budget_range": "under_1k"}


@pytest.fixture
def app(synced_app):
    app = synced_app()
    with app.app_context():
        seed_catalog()
    return app


def consent_in_hubspot(fake_hubspot, email: str, value: str) -> None:
    def holds():
        properties = fake_hubspot.contacts.get(email, {}).get("properties", {})
        return properties.get("leadcapture_marketing_consent") == value

    wait_until(holds, what=f"HubSpot to hold marketing consent {value!r} for {email}")


def test_a_withdrawal_on_the_lead_page_reaches_hubspot(app, fake_hubspot):
    visitor = app.test_client()
    assert visitor.post("/api/v1/tools/cost_calculator", json=CALC).status_code == 200
    response = visitor.post("/api/v1/leads", json={"email": "ana@example.com", "consent_marketing": True})
    assert response.status_code == 201
    consent_in_hubspot(fake_hubspot, "ana@example.com", "yes")
    with app.app_context():
        lead_id = db.session.scalar(select(Lead.id).where(Lead.email == "ana@example.com"))

    sales = signed_in_client(app, "sales")
    assert sales.post(f"/admin/leads/{lead_id}/consent/withdraw").status_code == 303

    consent_in_hubspot(fake_hubspot, "ana@example.com", "no")
    upserts = [r for r in fake_hubspot.requests if r.path.endswith("/batch/upsert") and r.status == 200]
    assert len(upserts) == 2  # the lead, then its withdrawal: nothing else changed
