"""Visitors' histories from the database, a batch of visitors at a time (one query per table)."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Booking, ContactPrompt, Interaction, Lead, LeadVisitor, Visitor, VisitSession
from leadcapture.rollups.history import BookingFact, Dated, SessionFact, ToolUse, VisitorHistory


@dataclass(frozen=True)
class VisitorBatch:
    """Visitors (sorted ids) whose rows are read together.

    ``dense``: the batch holds most visitors between its first and last id (a bulk load, a
    rebuild): rows are read by id range, one index range scan per table, and the others
    dropped here. Otherwise by a list of ids (a long list makes PostgreSQL scan whole tables).
    """

    ids: Sequence[str]
    dense: bool

    def where(self, column):
        return column.between(self.ids[0], self.ids[-1]) if self.dense else column.in_(self.ids)


def visitor_batch(ids: Sequence[str]) -> VisitorBatch:
    """A batch of ``ids`` (sorted), dense when no more than as many other visitors lie between them."""
    between = select(Visitor.id).where(Visitor.id.between(ids[0], ids[-1])).limit(2 * len(ids)).subquery()
    return VisitorBatch(ids, db.session.scalar(select(func.count()).select_from(between)) < 2 * len(ids))


def load_histories(batch: VisitorBatch) -> dict[str, VisitorHistory]:
    """The history of each visitor of ``batch`` that has any."""
    wanted = set(batch.ids)
    parts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def add(visitor: str, part: str, fact) -> None:
        if visitor in wanted:
            parts[visitor][part].append(fact)

    sessions = select(
        VisitSession.visitor_id,
        VisitSession.id,
        VisitSession.started_at,
        VisitSession.utm_campaign,
        VisitSession.utm_source,
        VisitSession.device_type,
    )
    for visitor, ref, started, campaign, source, device in db.session.execute(
        sessions.where(batch.where(VisitSession.visitor_id))
    ):
        add(visitor, "sessions", SessionFact(ref, started.date(), campaign, source, device))
    tool_uses = select(Interaction.visitor_id, Interaction.id, Interaction.created_at, Interaction.tool)
    for visitor, ref, created, tool in db.session.execute(
        tool_uses.where(batch.where(Interaction.visitor_id))
    ):
        add(visitor, "tool_uses", ToolUse(ref, created.date(), tool))
    prompts = select(ContactPrompt.visitor_id, ContactPrompt.id, ContactPrompt.offered_at)
    for visitor, ref, offered in db.session.execute(prompts.where(batch.where(ContactPrompt.visitor_id))):
        add(visitor, "prompts", Dated(ref, offered.date()))
    leads_of: dict[str, set[int]] = defaultdict(set)
    links = select(LeadVisitor.visitor_id, Lead.id, Lead.created_at).join(
        Lead, Lead.id == LeadVisitor.lead_id
    )
    for visitor, lead_id, created in db.session.execute(links.where(batch.where(LeadVisitor.visitor_id))):
        leads_of[visitor].add(lead_id)
        add(visitor, "leads", Dated(str(lead_id), created.date()))
    for visitor, booking in _bookings(batch):
        lead_ref = str(booking.lead_id) if booking.lead_id in leads_of[visitor] else None
        fact = BookingFact(booking.id, booking.created_at.date(), booking.visitor_id == visitor, lead_ref)
        add(visitor, "bookings", fact)
    return {
        visitor: VisitorHistory(**{name: tuple(items) for name, items in found.items()})
        for visitor, found in parts.items()
    }


class _Booking(NamedTuple):
    id: str
    created_at: datetime
    visitor_id: str | None
    lead_id: int | None


def _bookings(batch: VisitorBatch) -> set[tuple[str, _Booking]]:
    """(visitor, booking) for the bookings made by each visitor or by one of their leads."""
    columns = (Booking.id, Booking.created_at, Booking.visitor_id, Booking.lead_id)
    direct = db.session.execute(select(Booking.visitor_id, *columns).where(batch.where(Booking.visitor_id)))
    through_leads = db.session.execute(
        select(LeadVisitor.visitor_id, *columns)
        .join(Booking, Booking.lead_id == LeadVisitor.lead_id)
        .where(batch.where(LeadVisitor.visitor_id))
    )
    return {(row[0], _Booking(*row[1:])) for rows in (direct, through_leads) for row in rows}
