"""What a confirmed self-service request does, by kind: each action takes the address, the file an
export is written to, and the time, and returns the outcome for the request log, or None when we
held nothing about the address."""

from collections.abc import Callable
from datetime import datetime
from typing import BinaryIO

from leadcapture.mail import forget_recipient
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.export import export_person
from leadcapture.privacy.marketing_consent import withdraw_marketing_consent
from leadcapture.privacy.person import find_lead

Action = Callable[[str, BinaryIO, datetime], str | None]


def export(email: str, out: BinaryIO, now: datetime) -> str | None:
    return "exported" if export_person(email, out) else None


def erase(email: str, out: BinaryIO, now: datetime) -> str | None:
    """Erase the person; the emails kept for the address go too, a person we hold nothing else
    about included (this link's own email)."""
    result = erase_person(email, now)
    forget_recipient(email)
    return result.summary() if result.found else None


def withdraw_consent(email: str, out: BinaryIO, now: datetime) -> str | None:
    lead = find_lead(email)
    return None if lead is None else withdraw_marketing_consent(lead, now, "self_service")


ACTIONS: dict[str, Action] = {"export": export, "erase": erase, "withdraw_consent": withdraw_consent}
