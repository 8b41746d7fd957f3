"""The procedure catalog in the database: seeding it and reading it as the tools see it (a query beside the
models)."""

import json
from dataclasses import fields
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import JSON, Text, cast, select

from leadcapture.catalog.defaults import DEFAULT_PROCEDURES
from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.extensions import db
from leadcapture.models.catalog import Procedure

PROCEDURES = Procedure.__table__
TOOL_FIELDS = tuple(field.name for field in fields(ProcedureInfo))
JSON_FIELDS = frozenset(name for name in TOOL_FIELDS if isinstance(PROCEDURES.c[name].type, JSON))
# What the tools read of a procedure (``ProcedureInfo``), lists as their JSON text: a row read
# before is then known before anything is parsed (``procedure_info``). And the catalog's order.
TOOL_COLUMNS = tuple(
    cast(PROCEDURES.c[name], Text).label(name) if name in JSON_FIELDS else PROCEDURES.c[name]
    for name in TOOL_FIELDS
)
CATALOG_ORDER = (PROCEDURES.c.position, PROCEDURES.c.id)
_ACTIVE = select(*TOOL_COLUMNS).where(PROCEDURES.c.active).order_by(*CATALOG_ORDER)


def seed_catalog() -> int:
    """Add the default procedures that are missing (admins' edits are kept); commits.

    Returns how many were added.
    """
    existing = set(db.session.scalars(select(Procedure.id)))
    added = [
        Procedure(position=position, currency="USD", active=True, **data)
        for position, data in enumerate(DEFAULT_PROCEDURES)
        if data["id"] not in existing
    ]
    db.session.add_all(added)
    db.session.commit()
    return len(added)


def active_procedures() -> list[ProcedureInfo]:
    """The procedures offered now, in catalog order, as the tools read them."""
    return [procedure_info(tuple(row)) for row in db.session.execute(_ACTIVE)]


@lru_cache(maxsize=1024)
def procedure_info(row: tuple) -> ProcedureInfo:
    """A catalog row (``TOOL_COLUMNS``) as the tools read it, parsed once per process.

    The whole row is the cache key, so an edited procedure is a new entry, never a stale one.
    """
    values = zip(TOOL_FIELDS, row, strict=True)
    parsed = {name: json.loads(value) if name in JSON_FIELDS and value else value for name, value in values}
    return ProcedureInfo.from_row(SimpleNamespace(**parsed))
