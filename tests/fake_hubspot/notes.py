"""The fake's note endpoints (a mixin of FakeHubSpotApp): create with contact associations, search, get."""

import datetime

from tests.fake_hubspot.answers import ErrorAnswer, invalid, property_errors
from tests.fake_hubspot.state import Note, iso, now, unknown_properties

NOTE_PROPERTIES = {"hs_timestamp", "hs_note_body", "hubspot_owner_id", "hs_attachment_ids"}
READ_ONLY = ("hs_object_id", "hs_createdate", "hs_lastmodifieddate")
NOTE_TO_CONTACT = ("HUBSPOT_DEFINED", 202)
SEARCH_LIMIT = 200


def millis(value) -> int:
    """A datetime property's value (milliseconds since the epoch, or ISO 8601) in milliseconds."""
    text = str(value)
    try:
        if text.lstrip("-").isdigit():
            return int(text)
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(f"Invalid timestamp {text!r}: use milliseconds since the epoch or ISO 8601") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return round(moment.timestamp() * 1000)


def from_millis(value: int) -> str:
    return iso(datetime.datetime.fromtimestamp(value / 1000, datetime.UTC))


class NoteEndpoints:
    """Handlers for /crm/v3/objects/notes; called under the app's lock like the others."""

    def do_create_note(self, body: dict, args) -> tuple[int, dict]:
        properties = dict(body.get("properties") or {})
        unknown = unknown_properties(properties, NOTE_PROPERTIES)
        if unknown:
            message, details = property_errors(unknown)
            raise invalid(message, errors=details)
        if "hs_timestamp" not in properties:
            raise invalid("Property values were not valid: hs_timestamp is required", context={})
        properties["hs_timestamp"] = from_millis(millis(properties["hs_timestamp"]))
        contacts = [self.associated_contact(association) for association in body.get("associations") or []]
        moment = now()
        note_id = str(next(self.store.ids))
        stamps = {"hs_object_id": note_id, "hs_createdate": iso(moment), "hs_lastmodifieddate": iso(moment)}
        note = Note(note_id, properties | stamps, moment, moment, contacts)
        self.store.notes[note_id] = note
        return 201, note.as_object()

    def associated_contact(self, association: dict) -> str:
        """The contact id of one association of a new note (the fake knows note-to-contact only)."""
        contact_id = str((association.get("to") or {}).get("id"))
        kinds = {
            (kind.get("associationCategory"), kind.get("associationTypeId")) for kind in association["types"]
        }
        if kinds != {NOTE_TO_CONTACT}:
            raise invalid(
                f"Unsupported association types {sorted(kinds)}: the fake knows 202 (note to contact)"
            )
        if contact_id not in self.store.contacts:
            raise invalid(f"No contact with id {contact_id} exists to associate the note with")
        return contact_id

    def do_search_notes(self, body: dict, args) -> tuple[int, dict]:
        groups = body.get("filterGroups") or []
        filters = [item for group in groups for item in group.get("filters") or []]
        if any(item.get("operator") != "EQ" for item in filters):
            raise invalid("The fake searches notes with the EQ operator only")
        matching = [
            note
            for note in self.store.notes.values()
            if not groups
            or any(all(self.matches(note, item) for item in group.get("filters") or []) for group in groups)
        ]
        start, limit = int(body.get("after") or 0), min(int(body.get("limit") or 10), SEARCH_LIMIT)
        names = [*READ_ONLY, *(body.get("properties") or [])]
        page = {
            "total": len(matching),
            "results": [note.as_object(names) for note in matching[start : start + limit]],
        }
        if start + limit < len(matching):
            page["paging"] = {"next": {"after": str(start + limit)}}
        return 200, page

    @staticmethod
    def matches(note: Note, condition: dict) -> bool:
        name, value = condition.get("propertyName"), condition.get("value")
        if name == "associations.contact":
            return str(value) in note.contacts
        if name == "hs_timestamp":
            return millis(note.properties["hs_timestamp"]) == millis(value)
        return name in note and note.properties[name] == value

    def do_note(self, body: dict, args, note_id: str) -> tuple[int, dict]:
        note = self.store.notes.get(note_id)
        if not note:
            raise ErrorAnswer(404, "resource not found", "OBJECT_NOT_FOUND")
        names = [name for value in args.getlist("properties") for name in value.split(",") if name]
        answer = note.as_object(names or READ_ONLY)
        if "contacts" in ",".join(args.getlist("associations")).split(","):
            answer["associations"] = {
                "contacts": {"results": [{"id": cid, "type": "note_to_contact"} for cid in note.contacts]}
            }
        return 200, answer
