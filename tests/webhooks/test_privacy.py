"""Webhook deliveries and a person's rights: erasure removes every delivery about them (sent or not)
and nothing else, an export includes them; retention deletes deliveries done with after
WEBHOOK_RETENTION_DAYS, never one still being sent."""

import io
import json
import zipfile
from datetime import datetime, timedelta

from sqlalchemy import update

from leadcapture.extensions import db
from leadcapture.models import WebhookDelivery
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.export import export_person
from leadcapture.privacy.person import find_lead
from leadcapture.privacy.retention import purge
from leadcapture.webhooks.deliveries import count_old_deliveries
from tests.admin.rules_helpers import finish_jobs
from tests.webhooks.helpers import deliveries, register
from tests.webhooks.test_sending import committed_event


def test_erasure_removes_the_person_s_deliveries_only(api, app, receiver):
    register(app, receiver)
    receiver.answers = [500]  # Ana's event waits for a retry
    for email in ("ana@example.com", "bob@example.com"):
        assert api.post("/api/v1/leads", json={"email": email}).status_code == 201
    finish_jobs(app)
    assert sorted(delivery.status for delivery in deliveries(app)) == ["delivered", "pending"]
    with app.app_context():
        archive = io.BytesIO()
        assert export_person("bob@example.com", archive)
        exported = json.loads(zipfile.ZipFile(archive).read("webhook_deliveries.json"))
        assert [row["event_type"] for row in exported] == ["lead.created"]
        result = erase_person("ana@example.com")
        bob = find_lead("bob@example.com").id
    assert result.counts["webhook_deliveries"] == 1
    [kept] = deliveries(app)
    assert (kept.status, kept.lead_id) == ("delivered", bob) and f'"lead_id":{bob},' in kept.payload


def purged_deliveries(now: datetime):
    [result] = [result for result in purge(now) if result.step.label == "Webhook deliveries"]
    return result


def test_retention_deletes_old_deliveries_that_are_done(app, receiver):
    register(app, receiver)
    committed_event(app)  # delivered
    receiver.answers = [500]
    committed_event(app)  # pending, to be retried
    made = datetime(2026, 3, 1, 9, 30)
    with app.app_context():
        db.session.execute(update(WebhookDelivery).values(created_at=made))
        db.session.commit()
        assert purged_deliveries(made + timedelta(days=30, seconds=-1)).removed == {"deliveries": 0}
        assert count_old_deliveries(made) == 1  # the pending one waits
        result = purged_deliveries(made + timedelta(days=30))
        assert result.describe() == "Webhook deliveries, 30 days old, removed: deliveries 1"
    assert [delivery.status for delivery in deliveries(app)] == ["pending"]
