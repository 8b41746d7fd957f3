"""Stand-in for h3a's erasure (replaced by the merge of branch h3a): the lead is deleted."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead


@dataclass(frozen=True)
class ErasureResult:
    found: bool


def erase_person(email: str, now: datetime | None = None) -> ErasureResult:
    """Delete the lead with ``email``."""
    lead = db.session.scalars(select(Lead).where(Lead.email == email)).one_or_none()
    if lead is not None:
        db.session.delete(lead)
    return ErasureResult(found=lead is not None)
