"""What a confirmed self-service request does, by kind: each action takes the address, the file an
export is written to, and the time, and tells whether we held anything about the address."""

from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.mail import forget_recipient
from leadcapture.models import Lead
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.export import export_person


def export(email: str, out: BinaryIO, now: datetime) -> bool:
    return export_person(email, out)


def erase(email: str, out: BinaryIO, now: datetime) -> bool:
    """Erase the person, and the emails we kept for them (the link's own among them)."""
    found = erase_person(email, now).found
    forget_recipient(email)
    return found


def withdraw_consent(email: str, out: BinaryIO, now: datetime) -> bool:
    lead = db.session.scalars(select(Lead).where(Lead.email == email)).one_or_none()
    if lead is None:
        return False
    lead.consent_marketing = False
    lead.consent_at = now
    return True


ACTIONS: dict[str, Callable[[str, BinaryIO, datetime], bool]] = {
    "export": export,
    "erase": erase,
    "withdraw_consent": withdraw_consent,
}
# The log's outcome of a request carried out for an address we held.
OUTCOMES = {"export": "exported", "erase": "erased", "withdraw_consent": "marketing consent withdrawn"}
