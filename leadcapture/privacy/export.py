"""Stand-in for h3a's export (replaced by the merge of branch h3a): the lead's row as JSON in a ZIP."""

import json
import zipfile
from typing import BinaryIO

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead


def export_person(email: str, out: BinaryIO) -> bool:
    """Write a ZIP of what we hold about ``email`` to ``out``; False when no lead has it."""
    lead = db.session.scalars(select(Lead).where(Lead.email == email)).one_or_none()
    if lead is None:
        return False
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("lead.json", json.dumps({"email": lead.email, "name": lead.name}))
    return True
