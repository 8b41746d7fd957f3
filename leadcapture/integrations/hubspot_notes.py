"""Notes on HubSpot contacts: created with their contact association in one call, and found again by
contact, timestamp and body (so a note whose create timed out is never created twice)."""

from datetime import UTC, datetime, timedelta

from hubspot.crm.objects.notes import (
    AssociationSpec,
    Filter,
    FilterGroup,
    PublicAssociationsForObject,
    PublicObjectId,
    PublicObjectSearchRequest,
    SimplePublicObjectInputForCreate,
)

from leadcapture.integrations.hubspot_errors import CONTACTS_READ, CONTACTS_WRITE

NOTE_TO_CONTACT = 202  # HubSpot's association type id, category HUBSPOT_DEFINED
SEARCH_PAGE = 100
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def create_note(gateway, contact_id: str, body: str, timestamp: datetime) -> str:
    """POST /crm/v3/objects/notes with the association; the note's id. Not retried in place."""
    kind = AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=NOTE_TO_CONTACT)
    note = SimplePublicObjectInputForCreate(
        properties={"hs_timestamp": str(millis(timestamp)), "hs_note_body": body},
        associations=[PublicAssociationsForObject(to=PublicObjectId(id=contact_id), types=[kind])],
    )
    return gateway.call(CONTACTS_WRITE, gateway.notes.create, note).id


def find_note(gateway, contact_id: str, body: str, timestamp: datetime) -> str | None:
    """Search the contact's notes at ``timestamp`` (to the millisecond) for one whose body is ``body``."""
    filters = [
        Filter(property_name="hs_timestamp", operator="EQ", value=str(millis(timestamp))),
        Filter(property_name="associations.contact", operator="EQ", value=str(contact_id)),
    ]
    after = None
    while True:
        request = PublicObjectSearchRequest(
            filter_groups=[FilterGroup(filters=filters)],
            properties=["hs_note_body"],
            limit=SEARCH_PAGE,
            after=after,
        )
        page = gateway.call(CONTACTS_READ, gateway.note_search.do_search, request)
        for note in page.results or []:
            if (note.properties or {}).get("hs_note_body") == body:
                return note.id
        after = page.paging.next.after if page.paging and page.paging.next else None
        if after is None:
            return None


def millis(moment: datetime) -> int:
    """Milliseconds since the epoch (HubSpot's datetime values); a naive ``moment`` is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // timedelta(milliseconds=1)
