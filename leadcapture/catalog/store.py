"""Seeding and reading the procedure catalog in the database."""

from dataclasses import fields

from sqlalchemy import Row, select

from leadcapture.catalog.defaults import DEFAULT_PROCEDURES
from leadcapture.extensions import db
from leadcapture.models.catalog import Procedure
from leadcapture.tools.catalog import ProcedureInfo

PROCEDURES = Procedure.__table__
# What the tools read of a procedure (``ProcedureInfo``), and the catalog's order.
TOOL_COLUMNS = tuple(PROCEDURES.c[field.name] for field in fields(ProcedureInfo))
CATALOG_ORDER = (PROCEDURES.c.position, PROCEDURES.c.id)


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


def active_procedures() -> list[Row]:
    """The procedures offered now, in catalog order: the ``TOOL_COLUMNS`` of each, as plain rows
    (no ORM objects to build, the tools only read them)."""
    return db.session.execute(select(*TOOL_COLUMNS).where(PROCEDURES.c.active).order_by(*CATALOG_ORDER)).all()
