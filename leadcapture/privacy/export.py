"""Exporting everything stored about a person (the right of access): a ZIP of JSON files, one per
table with their rows (``leadcapture.privacy.person`` says which rows are theirs), plus their
stored photos and voice notes under ``media/``, and ``manifest.json`` listing it all."""

import json
import zipfile
from datetime import date, datetime
from typing import BinaryIO

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from leadcapture.privacy.files import stored_files
from leadcapture.privacy.person import Person, find_lead, person_of, person_rows, person_tables


def export_person(email: str, out: BinaryIO) -> bool:
    """Write the ZIP of the person with ``email`` to ``out``; False (nothing written) when no lead
    has that email."""
    lead = find_lead(email)
    if lead is None:
        return False
    person = person_of(lead)
    tables = person_data(person)
    files = stored_files(
        row["data"] for row in tables.get("interactions", []) if isinstance(row["data"], dict)
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(f"{name}.json", _json(rows))
        for kind, path in files:
            archive.write(path, f"media/{kind}/{path.name}")
        manifest = {
            "email": lead.email,
            "exported_at": utcnow(),
            "tables": {name: len(rows) for name, rows in tables.items()},
            "files": [f"media/{kind}/{path.name}" for kind, path in files],
        }
        archive.writestr("manifest.json", _json(manifest))
    return True


def person_data(person: Person) -> dict[str, list[dict]]:
    """Every row of ``person``, by table (tables without any left out)."""
    found = {}
    for table in person_tables():
        rows = db.session.execute(select(table).where(person_rows(table, person))).mappings().all()
        if rows:
            found[table.name] = [dict(row) for row in rows]
    return found


def _json(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_plain)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)
