"""The HubSpot sync job: due outbox rows in batches of 100, one upsert per lead, failures handled.

- Our properties are set up on the first job (and again when HubSpot says one is missing), then
  remembered; a setup that fails postpones the rows without counting an attempt.
- 429: the rows wait what HubSpot says and are retried; no attempt is counted.
- 5xx, timeouts, dropped connections: capped exponential backoff, dead-lettered only after
  failing for ``HUBSPOT_DEAD_AFTER_HOURS`` (see ``sync.retry``).
- A contact HubSpot refuses (an invalid email, in a 207 or found by splitting a rejected batch):
  that lead's rows are dead-lettered with HubSpot's message; the others sync (see ``sync.upsert``).
- 401/403: nothing changes on the rows; the admin shows "HubSpot credentials rejected" and the scope.
- Note rows create the note on the lead's contact once the contact is there (see ``sync.notes``).
- Contact deletes of erased people go first; nothing else of an erased lead is sent (``sync.erasure``).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.integrations.hubspot import (
    CredentialsRejected,
    HubSpotGateway,
    RateLimited,
    TransientError,
    UpsertResult,
)
from leadcapture.integrations.hubspot_properties import contact_properties
from leadcapture.jobs.dispatch import enqueue_in
from leadcapture.models import Lead, SyncOutbox
from leadcapture.models.types import utcnow
from leadcapture.sync import notes
from leadcapture.sync.erasure import CONTACT_DELETE, delete_contacts, hold_back
from leadcapture.sync.outbox import hubspot_configured, queue_sync
from leadcapture.sync.ratelimit import wait_for_request_slot
from leadcapture.sync.retry import back_off, mark_dead, mark_synced, postpone
from leadcapture.sync.setup import SetupFailed, properties_ready, set_up_properties
from leadcapture.sync.state import record_credentials
from leadcapture.sync.upsert import IsolatingUpsert

BATCH_SIZE = 100
SETUP_RETRY_SECONDS = 30.0


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
            config["HUBSPOT_ACCESS_TOKEN"],
            config["HUBSPOT_BASE_URL"],
            wait_for_request_slot,
            timeout=(3.0, config["HUBSPOT_TIMEOUT_SECONDS"]),
        )
        cached = (config["HUBSPOT_ACCESS_TOKEN"], client)
        current_app.extensions["leadcapture.hubspot_gateway"] = cached
    return cached[1]


def sync_pending(max_batches: int = 100, clock: Callable[[], datetime] = utcnow) -> SyncReport:
    """Sync due outbox rows until none are due, HubSpot asks us to wait, or it refuses our token."""
    report = SyncReport()
    if not hubspot_configured():
        report.stopped = "not configured"
        return report
    client = gateway()
    upsert = IsolatingUpsert(client, lambda: set_up_properties(client))
    try:
        for _ in range(max_batches):
            rows = claim_due_rows(BATCH_SIZE, clock())
            if not rows:
                db.session.rollback()
                break
            if not sync_batch(client, upsert, rows, report, clock()):
                break
        else:  # more may be due: a job of its own, so one job never runs for too long
            queue_sync("hubspot-continue")
    except CredentialsRejected as error:
        db.session.rollback()
        record_credentials(False, str(error))
        db.session.commit()
        report.stopped = "credentials rejected"
    return report


def claim_due_rows(limit: int, now: datetime) -> list[SyncOutbox]:
    """Pending rows whose time has come, oldest first; on PostgreSQL locked with SKIP LOCKED so
    two workers never take the same rows (the lock lasts until this batch commits)."""
    query = (
        select(SyncOutbox)
        .where(SyncOutbox.status == "pending", SyncOutbox.next_attempt_at <= now)
        .order_by(SyncOutbox.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def sync_batch(
    client: HubSpotGateway, upsert: IsolatingUpsert, rows: list[SyncOutbox], report: SyncReport, now: datetime
) -> bool:
    """Upsert the contacts of ``rows``' leads (several changes of one lead are one write; a note
    alone needs only its contact to exist), then send the notes; commits. Returns whether the job
    should go on with the next batch."""
    if not _delete_contacts(client, [row for row in rows if row.reason == CONTACT_DELETE], report, now):
        return False
    by_lead: dict[int, list[SyncOutbox]] = defaultdict(list)
    for row in rows:
        if row.reason != CONTACT_DELETE:
            by_lead[row.lead_id].append(row)
    leads = hold_back(by_lead, list(db.session.scalars(select(Lead).where(Lead.id.in_(by_lead)))), now)
    rows = [row for lead_rows in by_lead.values() for row in lead_rows]
    changed = [lead for lead in leads if not lead.hubspot_contact_id or _contact_rows(by_lead[lead.id])]
    upserted = {lead.id for lead in changed}
    try:
        result = _upsert_leads(upsert, changed)
    except SetupFailed as error:
        postpone(rows, SETUP_RETRY_SECONDS, str(error), now)
        return _stop(report, rows, "setting up properties", SETUP_RETRY_SECONDS)
    except RateLimited as error:
        postpone(rows, error.wait_seconds, str(error), now)
        return _stop(report, rows, "rate limited", error.wait_seconds)
    except TransientError as error:
        return _stop(report, rows, "retrying", back_off(rows, str(error), now))
    note_rows = []
    for lead in leads:
        lead_rows = by_lead[lead.id]
        if lead.id in upserted and str(lead.id) not in result.contact_ids:
            message = result.errors.get(str(lead.id), "HubSpot returned no result for this contact")
            _count(report, mark_dead, lead_rows, message)
            continue
        lead.hubspot_contact_id = result.contact_ids.get(str(lead.id), lead.hubspot_contact_id)
        note_rows += [row for row in lead_rows if row.note_id is not None]
        _count(report, mark_synced, _contact_rows(lead_rows), now)
    return _send_notes(client, note_rows, report, now)


def _delete_contacts(
    client: HubSpotGateway, rows: list[SyncOutbox], report: SyncReport, now: datetime
) -> bool:
    """Send the contact deletes of erased people; whether the job should go on."""
    if not rows:
        return True
    stopped = delete_contacts(client, rows, now)
    report.synced += sum(row.status == "synced" for row in rows)
    if stopped:
        return _stop(report, rows, *stopped)
    report.dead += sum(row.status == "dead" for row in rows)
    return True


def _contact_rows(rows: list[SyncOutbox]) -> list[SyncOutbox]:
    return [row for row in rows if row.note_id is None]


def _upsert_leads(upsert: IsolatingUpsert, leads: list[Lead]) -> UpsertResult:
    """Upsert ``leads``' contacts, setting our properties up first when HubSpot has not confirmed them."""
    if not leads:
        return UpsertResult()
    if not properties_ready():
        upsert.set_up_once("HubSpot has not confirmed our properties yet")
    base_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    result = upsert(
        {str(lead.id): contact_properties(lead, f"{base_url}/admin/leads/{lead.id}") for lead in leads}
    )
    record_credentials(True, None)
    return result


def _count(report: SyncReport, mark, rows: list[SyncOutbox], *args) -> None:
    mark(rows, *args)
    report.synced += sum(row.status == "synced" for row in rows)
    report.dead += sum(row.status == "dead" for row in rows)


def _send_notes(client: HubSpotGateway, rows: list[SyncOutbox], report: SyncReport, now: datetime) -> bool:
    """Commit the contacts' outcome with the note rows leased, then create the notes one by one."""
    search_first = notes.lease(rows, now)
    db.session.commit()
    for index, row in enumerate(rows):
        try:
            if notes.send_note(client, row, search_first[row.id], now):
                report.synced += 1
        except RateLimited as error:
            untried = rows[index:]
            for left in untried:  # a 429 means HubSpot created nothing
                left.outcome_unknown = search_first[left.id]
            postpone(untried, error.wait_seconds, str(error), now)
            return _stop(report, untried, "rate limited", error.wait_seconds)
    return True


def _stop(report: SyncReport, rows: list[SyncOutbox], why: str, delay: float) -> bool:
    db.session.commit()
    report.retrying += sum(row.status == "pending" for row in rows)
    report.dead += sum(row.status == "dead" for row in rows)
    report.stopped = why
    enqueue_in(delay + 0.05, "hubspot-sync", job_id="hubspot-retry")
    return False
