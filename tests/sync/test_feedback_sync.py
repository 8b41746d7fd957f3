"""A lead's feedback reaches HubSpot: its count, average and latest rating are contact properties
(created by the property setup), sent through the outbox whenever a feedback changes them."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import SyncOutbox
from leadcapture.models.catalog_store import seed_catalog
from tests.feedback.helpers import browser, give_feedback
from tests.sync.test_change_tracking import SMALL_CALC, in_hubspot, synced_lead

FEEDBACK_PROPERTIES = {
    "leadcapture_feedback_count": "LeadCapture feedback count",
    "leadcapture_feedback_average": "LeadCapture average feedback rating",
    "leadcapture_feedback_latest": "LeadCapture latest feedback rating",
}


@pytest.fixture
def app(synced_app):
    app = synced_app()
    with app.app_context():
        seed_catalog()
    return app


def feedback_in_hubspot(fake_hubspot, count: str, average: str, latest: str) -> None:
    in_hubspot(
        fake_hubspot,
        "ana@example.com",
        leadcapture_feedback_count=count,
        leadcapture_feedback_average=average,
        leadcapture_feedback_latest=latest,
    )


def test_a_synced_leads_ratings_reach_hubspot(app, fake_hubspot):
    client, lead_id = synced_lead(app, fake_hubspot)
    give_feedback(client, rating=4, context="tool_result")
    feedback_in_hubspot(fake_hubspot, count="1", average="4.0", latest="4")
    give_feedback(client, rating=1, comment="The booking page kept failing.")
    feedback_in_hubspot(fake_hubspot, count="2", average="2.5", latest="1")
    with app.app_context():
        reasons = db.session.scalars(select(SyncOutbox.reason).where(SyncOutbox.lead_id == lead_id))
        assert list(reasons)[-2:] == ["feedback", "feedback"]
    client = fake_hubspot.client()
    defined = {prop.name: prop for prop in client.crm.properties.core_api.get_all("contacts").results}
    for name, label in FEEDBACK_PROPERTIES.items():
        assert (defined[name].label, defined[name].type, defined[name].group_name) == (
            label,
            "number",
            "leadcapture",
        )


def test_feedback_with_a_new_email_makes_a_contact_with_its_rating(app, fake_hubspot):
    client = browser(app)
    client.post("/api/v1/tools/cost_calculator", json=SMALL_CALC)
    give_feedback(
        client, rating=5, email="new.person@example.com", name="New Person", context="after_booking"
    )
    properties = in_hubspot(fake_hubspot, "new.person@example.com", leadcapture_feedback_count="1")
    assert (properties["leadcapture_feedback_latest"], properties["firstname"]) == ("5", "New")
