"""Seeding and reading the procedure catalog in the database."""

from sqlalchemy import select

from leadcapture.catalog.defaults import DEFAULT_PROCEDURES
from leadcapture.extensions import db
from leadcapture.models.catalog import Procedure


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


def active_procedures() -> list[Procedure]:
    """The procedures offered now, in catalog order."""
    return list(
        db.session.scalars(
            select(Procedure).where(Procedure.active).order_by(Procedure.position, Procedure.id)
        )
    )
