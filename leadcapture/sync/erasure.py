"""HubSpot's side of an erasure: the contact deleted through the outbox, and nothing of the person
sent again.

- ``queue_contact_delete`` writes a ``contact_delete`` row (in the erasure's transaction) whose
  payload holds the email and contact id until HubSpot confirms the delete; then the payload is
  cleared and the erased email's hash is marked deleted. It is retried like any sync row.
- The job drops every other row of an erased lead: a change queued before the erasure, or one
  written later (a rescore), never re-creates the person.
- The same email submitted again after the erasure is a new lead, synced as a new contact, but
  only once HubSpot has confirmed the old contact's delete (until then its rows wait): sent
  earlier, the new contact would be deleted with the old one.
"""

from datetime import datetime

from sqlalchemy import select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.integrations.hubspot import BatchRejected, HubSpotGateway, RateLimited, TransientError
from leadcapture.models import ErasedEmail, Lead, SyncOutbox
from leadcapture.models.upsert import upsert
from leadcapture.sync.outbox import hubspot_configured
from leadcapture.sync.retry import back_off, mark_dead, mark_synced, postpone

CONTACT_DELETE = "contact_delete"
# How long a new lead's rows wait for the delete of an erased contact with the same email.
WAIT_FOR_DELETE_SECONDS = 60.0


def queue_contact_delete(lead: Lead, now: datetime) -> None:
    """Remember ``lead``'s email as erased and queue the delete of its HubSpot contact (no commit;
    call it before anonymising the lead: it reads the email and contact id). Without HubSpot
    configured, a lead that never reached it needs none (and the email is not kept for one)."""
    needed = hubspot_configured() or lead.hubspot_contact_id is not None
    upsert(
        ErasedEmail,
        [
            {
                "email_hash": email_hash(lead.email),
                "erased_at": now,
                "contact_deleted_at": None if needed else now,
            }
        ],
        "email_hash",
    )
    if not needed:
        return
    payload = {"email": lead.email, "contact_id": lead.hubspot_contact_id}
    db.session.add(
        SyncOutbox(
            lead_id=lead.id,
            reason=CONTACT_DELETE,
            payload=payload,
            status="pending",
            created_at=now,
            next_attempt_at=now,
        )
    )


def delete_contacts(
    client: HubSpotGateway, rows: list[SyncOutbox], now: datetime
) -> tuple[str, float] | None:
    """Send the contact deletes of ``rows``, one request each (no commit). Returns None, or why the
    job should stop and for how long (a 429, or HubSpot failing: the rows left wait)."""
    for index, row in enumerate(rows):
        try:
            client.delete_contact(row.payload["email"], row.payload.get("contact_id"))
        except RateLimited as error:
            postpone(rows[index:], error.wait_seconds, str(error), now)
            return "rate limited", error.wait_seconds
        except TransientError as error:
            return "retrying", back_off(rows[index:], str(error), now)
        except BatchRejected as error:
            mark_dead([row], str(error))
        else:
            _deleted(row, now)
    return None


def _deleted(row: SyncOutbox, now: datetime) -> None:
    erased = db.session.get(ErasedEmail, email_hash(row.payload["email"]))
    if erased is not None:
        erased.contact_deleted_at = now
    mark_synced([row], now)
    row.payload = None  # the email is kept no longer than HubSpot needed it


def hold_back(by_lead: dict[int, list[SyncOutbox]], leads: list[Lead], now: datetime) -> list[Lead]:
    """Take out of ``by_lead`` the rows of erased leads (deleted) and of leads whose email waits for
    an erased contact's delete (postponed); the leads left to sync."""
    waiting = _waiting_for_delete([lead for lead in leads if lead.erased_at is None])
    left = []
    for lead in leads:
        if lead.erased_at is not None:
            for row in by_lead.pop(lead.id):
                db.session.delete(row)
        elif lead.id in waiting:
            postpone(
                by_lead.pop(lead.id),
                WAIT_FOR_DELETE_SECONDS,
                "waiting for HubSpot to delete an erased contact with this email",
                now,
            )
        else:
            left.append(lead)
    return left


def _waiting_for_delete(leads: list[Lead]) -> set[int]:
    hashes = {lead.id: email_hash(lead.email) for lead in leads}
    pending = set(
        db.session.scalars(
            select(ErasedEmail.email_hash).where(
                ErasedEmail.email_hash.in_(hashes.values()), ErasedEmail.contact_deleted_at.is_(None)
            )
        )
    )
    return {lead_id for lead_id, hashed in hashes.items() if hashed in pending}
