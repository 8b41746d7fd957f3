"""Leads for the sync tests, and waiting for the background sync to settle."""

import time

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.leads.capture import capture_lead
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import SyncOutbox
from leadcapture.rulebook.live import live_rules
from leadcapture.tracking import VisitContext, record_interaction

SPRING = "https://clinic.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring"
CALC = {"procedures": ["botox"], "budget_range": "under_1k"}


def submit_lead(email: str, name: str = "Ana Lopez"):
    """A visitor from the spring campaign uses the calculator and leaves their email (commits).

    The live rules are read first, as a tool request does (on an empty database that publishes
    the defaults, with a commit of its own), so the lead's creation is one transaction."""
    live_rules()
    recorded = record_interaction(VisitContext(page_url=SPRING), "cost_calculator", CALC)
    return capture_lead(recorded.visit, ContactDetails(email=email, name=name), recorded.interaction.id).lead


def outbox_counts() -> dict[str, int]:
    rows = db.session.execute(select(SyncOutbox.status, func.count()).group_by(SyncOutbox.status))
    counts = dict(rows.all())
    db.session.rollback()
    return counts


def wait_until(check, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")
