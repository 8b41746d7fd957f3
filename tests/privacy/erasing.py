"""Erasing from the command line with HubSpot configured, and what the fake HubSpot got."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import SyncOutbox
from tests.sync.helpers import wait_until


def erase(app, fake_hubspot, email: str):
    """Run the command with HubSpot configured, and wait for the sync it queues."""
    app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
    result = app.test_cli_runner().invoke(args=["privacy", "erase", email])
    with app.app_context():
        wait_until(lambda: not pending(), what="the contact delete")
    return result


def pending() -> int:
    count = db.session.scalar(select(func.count()).where(SyncOutbox.status == "pending"))
    db.session.rollback()
    return count


def gdpr_deletes(fake_hubspot) -> list:
    return [seen for seen in fake_hubspot.requests if seen.path.endswith("/contacts/gdpr-delete")]
