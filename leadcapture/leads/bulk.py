"""Updating many leads at once (a rescore) as the ORM would: stages forward, changes to HubSpot."""

from sqlalchemy import update

from leadcapture.alerts.hot_leads import leads_rescored
from leadcapture.extensions import db
from leadcapture.leads.lifecycle import advanced_stage
from leadcapture.models import Lead
from leadcapture.sync.changes import record_bulk_changes, stored_synced_values
from leadcapture.webhooks.lead_events import emit_bulk_score_changes


def update_leads(rows: list[dict]) -> int:
    """Bulk-update leads (each row: ``id`` and the columns to set; no commit): the lifecycle stage
    moves forward, every lead whose synced values change gets an outbox row (one insert), a changed
    score a webhook delivery per endpoint that wants it, and those that turn hot are told about.
    Returns how many leads changed."""
    if not rows:
        return 0
    before = stored_synced_values([row["id"] for row in rows])
    updates = []
    for row in rows:
        after = before[row["id"]] | row
        stage = advanced_stage(after["lifecycle_stage"], after["engagement_level"], after["status"])
        updates.append(row | {"lifecycle_stage": stage})
    changed = record_bulk_changes(before, updates)
    emit_bulk_score_changes(before, updates)
    db.session.execute(update(Lead), updates)
    raised = {
        row["id"]: before[row["id"]]["score"]
        for row in updates
        if "score" in row and row["score"] > before[row["id"]]["score"]
    }
    leads_rescored(raised)
    return changed
