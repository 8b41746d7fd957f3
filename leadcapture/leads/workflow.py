"""What sales do with a lead: move its status, assign its owner, add notes.

Every status or owner change is logged (who, when, from what to what); like any change of a synced
field it reaches the HubSpot outbox in the same transaction (``leadcapture.sync.changes``), so
HubSpot sees the status and owner sales see. Notes go to the outbox too, as HubSpot notes.

Statuses move forward one step at a time, and any open lead can be lost:
new → contacted → qualified → won, and new / contacted / qualified → lost. A closed lead can be
reopened to the step where work resumes: won → qualified (the deal fell through before it was
done), lost → contacted (they are talking to us again). Skipping steps is refused, so the log
shows how each lead really moved.
"""

from sqlalchemy import select

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Lead, LeadActivity, LeadNote, User
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import record_note
from leadcapture.webhooks.lead_events import watch_lead

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted", "lost"),
    "contacted": ("qualified", "lost"),
    "qualified": ("won", "lost"),
    "won": ("qualified",),
    "lost": ("contacted",),
}
CLOSED = ("won", "lost")
OWNER_ROLES = ("sales", "admin")
MAX_NOTE_LENGTH = 5000


def next_statuses(status: str) -> tuple[str, ...]:
    """The statuses a lead in ``status`` may move to."""
    return TRANSITIONS.get(status, ())


def change_status(lead: Lead, to_status: str, user: User, expected: str | None = None) -> None:
    """Move ``lead`` to ``to_status``; commits. ``expected`` is the status the user saw: if the
    lead moved meanwhile, nothing changes (InputError, status 409). Refused moves: InputError."""
    if expected is not None and lead.status != expected:
        raise InputError(
            {"status": f"this lead is now '{lead.status}' (changed meanwhile); nothing was changed"},
            status=409,
        )
    allowed = next_statuses(lead.status)
    if to_status not in allowed:
        raise InputError(
            {"status": f"a '{lead.status}' lead can become {_either(allowed)}, not '{to_status}'"}
        )
    _record(lead, user, "status", from_status=lead.status, to_status=to_status)
    watch_lead(lead)  # the change is a webhook event at the commit
    lead.status = to_status
    db.session.commit()


def assignable_users() -> list[User]:
    """Active sales and admin users, who may own leads, by email."""
    return list(
        db.session.scalars(
            select(User).where(User.active.is_(True), User.role.in_(OWNER_ROLES)).order_by(User.email)
        )
    )


def assign_owner(lead: Lead, owner_id: int | None, user: User) -> bool:
    """Make ``owner_id`` (None: nobody) the lead's owner; commits. Returns whether it changed.
    Only an active sales or admin user can own a lead (else InputError)."""
    if owner_id is not None:
        owner = db.session.get(User, owner_id)
        if owner is None or not owner.active or owner.role not in OWNER_ROLES:
            raise InputError({"owner": "choose an active sales or admin user, or nobody"})
    if lead.owner_id == owner_id:
        db.session.rollback()  # release the row lock
        return False
    _record(lead, user, "owner", from_owner_id=lead.owner_id, to_owner_id=owner_id)
    lead.owner_id = owner_id
    db.session.commit()
    return True


def add_note(lead: Lead, text: str, user: User) -> LeadNote:
    """Add a note to the lead, queued for HubSpot; commits. Blank or over-long notes: InputError."""
    text = text.strip()
    if not text:
        raise InputError({"text": "write something first"})
    if len(text) > MAX_NOTE_LENGTH:
        raise InputError({"text": f"a note can be at most {MAX_NOTE_LENGTH:,} characters"})
    note = LeadNote(lead_id=lead.id, author_id=user.id, text=text, created_at=utcnow())
    db.session.add(note)
    db.session.flush()
    record_note(note)
    db.session.commit()
    return note


def _record(lead: Lead, user: User, kind: str, **change) -> None:
    """Log a change of the lead (who, when, from what to what)."""
    db.session.add(LeadActivity(lead_id=lead.id, user_id=user.id, kind=kind, created_at=utcnow(), **change))


def _either(statuses: tuple[str, ...]) -> str:
    return " or ".join(f"'{status}'" for status in statuses) or "nothing else"
