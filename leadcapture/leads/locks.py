"""The one way to take a lead for a change."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead


def locked_lead(*conditions) -> Lead | None:
    """The lead meeting ``conditions`` (e.g. ``Lead.id == 7``), read afresh and locked until the
    commit on PostgreSQL, so two changes to it never interleave; None when there is none."""
    query = select(Lead).where(*conditions).with_for_update().execution_options(populate_existing=True)
    return db.session.scalars(query).first()
