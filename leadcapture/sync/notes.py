"""Sales notes to HubSpot, as notes associated with the lead's contact, never twice.

A note create is not idempotent, and a create whose answer never came (a timeout, a dropped
connection, a 5xx) may still have happened. So before each create the row is marked
``outcome_unknown`` and committed (with a lease on the row, so no other worker takes it meanwhile);
a later attempt on a row so marked first searches HubSpot for a note with the same timestamp and
text on that contact, and creates one only when none is found. The search waits for HubSpot's
search index (it lags a few seconds behind writes).
"""

from datetime import datetime, timedelta

from leadcapture.extensions import db
from leadcapture.integrations.hubspot import BatchRejected, HubSpotGateway, TransientError
from leadcapture.models import Lead, LeadNote, SyncOutbox
from leadcapture.sync.retry import back_off, mark_dead, mark_synced

LEASE_SECONDS = 300
SEARCH_INDEX_LAG_SECONDS = 30


def lease(rows: list[SyncOutbox], now: datetime) -> dict[int, bool]:
    """Mark note rows as about to be created (no commit); returns whether each was unknown before."""
    unknown_before = {row.id: row.outcome_unknown for row in rows}
    for row in rows:
        row.outcome_unknown = True
        row.next_attempt_at = now + timedelta(seconds=LEASE_SECONDS)
    return unknown_before


def send_note(client: HubSpotGateway, row: SyncOutbox, search_first: bool, now: datetime) -> bool:
    """Create ``row``'s note on its contact (after looking for it when ``search_first``); commits.
    Returns whether it is in HubSpot now. Rate limits and rejected credentials propagate."""
    note = db.session.get(LeadNote, row.note_id)
    contact_id = db.session.get(Lead, row.lead_id).hubspot_contact_id
    try:
        found = client.find_note(contact_id, note.text, note.created_at) if search_first else None
        note.hubspot_note_id = found or client.create_note(contact_id, note.text, note.created_at)
    except TransientError as error:
        back_off([row], str(error), now, at_least=SEARCH_INDEX_LAG_SECONDS)
    except BatchRejected as error:
        mark_dead([row], str(error))
    else:
        mark_synced([row], now)
    db.session.commit()
    return row.status == "synced"
