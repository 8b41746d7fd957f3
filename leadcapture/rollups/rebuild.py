"""Building the roll-ups again from every row (after rows were deleted, or to check them)."""

from sqlalchemy import String, cast, delete, literal, select, true, union

from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    ContactPrompt,
    DailyActivity,
    FilterValue,
    FunnelRollup,
    Interaction,
    LeadVisitor,
    RollupQueue,
    VisitSession,
)
from leadcapture.models.upsert import dialect_insert
from leadcapture.rollups.refresh import lock_rollups
from leadcapture.rollups.retired import restore_retired


def queue_everything() -> None:
    """Empty the roll-ups and queue every row, for a refresh to fold in from scratch (a rebuild:
    `flask rollups rebuild`); commits. The roll-ups start from the share of the visitors the
    retention purge deleted (``retired``), whose rows are gone."""
    lock_rollups()
    for model in (FunnelRollup, DailyActivity, FilterValue, RollupQueue):
        db.session.execute(delete(model))
    restore_retired()
    for rows in _everything():
        # The WHERE lets SQLite tell the ON CONFLICT of an INSERT ... SELECT from a join's ON.
        everything = rows.subquery()
        db.session.execute(
            dialect_insert(RollupQueue.__table__)
            .from_select(["visitor_id", "kind", "ref"], select(everything).where(true()))
            .on_conflict_do_nothing()
        )
    db.session.commit()


def _everything():
    """(visitor, kind, ref) of every row the triggers queue, as the triggers queue them."""
    yield select(VisitSession.visitor_id, literal("s"), VisitSession.id)
    yield select(Interaction.visitor_id, literal("i"), Interaction.id)
    yield select(ContactPrompt.visitor_id, literal("p"), ContactPrompt.id)
    yield select(LeadVisitor.visitor_id, literal("l"), cast(LeadVisitor.lead_id, String))
    yield union(
        select(Booking.visitor_id, literal("b"), Booking.id).where(Booking.visitor_id.is_not(None)),
        select(LeadVisitor.visitor_id, literal("b"), Booking.id).join(
            Booking, Booking.lead_id == LeadVisitor.lead_id
        ),
    )
