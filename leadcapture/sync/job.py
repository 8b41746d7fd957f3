"""The HubSpot sync job: due outbox rows in batches of 100, one upsert per lead, failures handled.

- 429: the rows wait what HubSpot says and are retried; no attempt is counted.
- 5xx, timeouts, connection errors: retried with exponential backoff and jitter.
- A 207 error for one contact (e.g. an invalid email): that lead's rows are dead-lettered with
  HubSpot's message; the others are synced.
- 401/403: nothing changes on the rows; the admin shows "HubSpot credentials rejected".
"""

import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.integrations.hubspot import (
    BatchRejected,
    CredentialsRejected,
    HubSpotGateway,
    RateLimited,
    TransientError,
)
from leadcapture.integrations.hubspot_properties import contact_properties
from leadcapture.jobs.dispatch import enqueue_in
from leadcapture.models import Lead, SyncOutbox
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import SYNC_JOB, hubspot_configured
from leadcapture.sync.ratelimit import wait_for_request_slot
from leadcapture.sync.state import record_credentials

log = logging.getLogger(__name__)
BATCH_SIZE = 100
MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 3600.0


@dataclass
class SyncReport:
    synced: int = 0
    dead: int = 0
    retrying: int = 0
    stopped: str | None = None


def gateway() -> HubSpotGateway:
    """The process's HubSpot client (one connection pool), created on first use."""
    cached = current_app.extensions.get("leadcapture.hubspot_gateway")
    config = current_app.config
    if cached is None or cached[0] != config["HUBSPOT_ACCESS_TOKEN"]:
        client = HubSpotGateway(
            config["HUBSPOT_ACCESS_TOKEN"], config["HUBSPOT_BASE_URL"], wait_for_request_slot
        )
        cached = (config["HUBSPOT_ACCESS_TOKEN"], client)
        current_app.extensions["leadcapture.hubspot_gateway"] = cached
    return cached[1]


def sync_pending(max_batches: int = 100) -> SyncReport:
    """Sync due outbox rows until none are due, HubSpot asks us to wait, or it refuses our token."""
    report = SyncReport()
    if not hubspot_configured():
        report.stopped = "not configured"
        return report
    try:
        for _ in range(max_batches):
            rows = claim_due_rows(BATCH_SIZE)
            if not rows:
                db.session.rollback()
                break
            if not sync_batch(gateway(), rows, report):
                break
    except CredentialsRejected as error:
        db.session.rollback()
        record_credentials(False, str(error))
        report.stopped = "credentials rejected"
    return report


def claim_due_rows(limit: int) -> list[SyncOutbox]:
    """Pending rows whose time has come, oldest first; on PostgreSQL locked with SKIP LOCKED so
    two workers never take the same rows (the lock lasts until this batch commits)."""
    query = (
        select(SyncOutbox)
        .where(SyncOutbox.status == "pending", SyncOutbox.next_attempt_at <= utcnow())
        .order_by(SyncOutbox.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def sync_batch(client: HubSpotGateway, rows: list[SyncOutbox], report: SyncReport) -> bool:
    """Upsert the leads of ``rows`` (several changes of one lead are one write); commits.

    Returns whether the job should go on with the next batch.
    """
    by_lead: dict[int, list[SyncOutbox]] = defaultdict(list)
    for row in rows:
        by_lead[row.lead_id].append(row)
    leads = list(db.session.scalars(select(Lead).where(Lead.id.in_(by_lead))))
    base_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    contacts = {str(lead.id): contact_properties(lead, f"{base_url}/admin/leads/{lead.id}") for lead in leads}
    try:
        result = _upsert(client, contacts)
    except RateLimited as error:
        _postpone(rows, error.wait_seconds, str(error), count_attempt=False)
        return _stop(report, len(rows), "rate limited", error.wait_seconds)
    except (TransientError, BatchRejected) as error:
        delay = _backoff(rows, str(error))
        return _stop(report, len(rows), "retrying", delay)
    record_credentials(True, None)
    now = utcnow()
    for lead in leads:
        trace = str(lead.id)
        if trace in result.contact_ids:
            lead.hubspot_contact_id = result.contact_ids[trace]
            _mark(by_lead[lead.id], "synced", now, None)
            report.synced += len(by_lead[lead.id])
        else:
            message = result.errors.get(trace, "HubSpot returned no result for this contact")
            _mark(by_lead[lead.id], "dead", now, message)
            report.dead += len(by_lead[lead.id])
    db.session.commit()
    return True


def _upsert(client: HubSpotGateway, contacts: dict):
    """Upsert; when HubSpot lacks one of our properties, create them (idempotently) and try again."""
    try:
        return client.upsert_contacts(contacts)
    except BatchRejected as error:
        if not error.missing_property:
            raise
        client.ensure_properties()
        return client.upsert_contacts(contacts)


def _mark(rows: list[SyncOutbox], status: str, now: datetime, error: str | None) -> None:
    for row in rows:
        row.status = status
        row.last_error = error
        row.attempts += 1
        if status == "synced":
            row.synced_at = now


def _postpone(rows: list[SyncOutbox], seconds: float, error: str, count_attempt: bool) -> None:
    due = utcnow() + timedelta(seconds=seconds)
    for row in rows:
        row.next_attempt_at = due
        row.last_error = error
        if count_attempt:
            row.attempts += 1
            if row.attempts >= MAX_ATTEMPTS:
                row.status = "dead"
    db.session.commit()


def _backoff(rows: list[SyncOutbox], error: str) -> float:
    """Exponential backoff with full jitter by the rows' attempts; after the last attempt, dead."""
    attempt = max(row.attempts for row in rows) + 1
    delay = random.uniform(0, min(MAX_BACKOFF_SECONDS, BASE_BACKOFF_SECONDS * 2**attempt))
    log.warning(
        "HubSpot batch of %d rows failed (attempt %d), retrying in %.1fs: %s",
        len(rows),
        attempt,
        delay,
        error,
    )
    _postpone(rows, delay, error, count_attempt=True)
    return delay


def _stop(report: SyncReport, rows: int, why: str, delay: float) -> bool:
    report.retrying += rows
    report.stopped = why
    enqueue_in(delay + 0.05, SYNC_JOB, queue="hubspot", job_id="hubspot-retry")
    return False
