"""Visitors' histories from the database, a batch of visitors at a time (one query per table)."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Booking, ContactPrompt, Interaction, Lead, LeadVisitor, VisitSession
from leadcapture.rollups.history import BookingFact, Dated, SessionFact, ToolUse, VisitorHistory


def load_histories(visitor_ids: Sequence[str]) -> dict[str, VisitorHistory]:
    """The history of each of ``visitor_ids`` that has any."""
    parts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for visitor, ref, started, campaign, source, device in db.session.execute(
        select(
            VisitSession.visitor_id,
            VisitSession.id,
            VisitSession.started_at,
            VisitSession.utm_campaign,
            VisitSession.utm_source,
            VisitSession.device_type,
        ).where(VisitSession.visitor_id.in_(visitor_ids))
    ):
        parts[visitor]["sessions"].append(SessionFact(ref, started.date(), campaign, source, device))
    for visitor, ref, created, tool in db.session.execute(
        select(Interaction.visitor_id, Interaction.id, Interaction.created_at, Interaction.tool).where(
            Interaction.visitor_id.in_(visitor_ids)
        )
    ):
        parts[visitor]["tool_uses"].append(ToolUse(ref, created.date(), tool))
    for visitor, ref, offered in db.session.execute(
        select(ContactPrompt.visitor_id, ContactPrompt.id, ContactPrompt.offered_at).where(
            ContactPrompt.visitor_id.in_(visitor_ids)
        )
    ):
        parts[visitor]["prompts"].append(Dated(ref, offered.date()))
    leads_of: dict[str, set[int]] = defaultdict(set)
    for visitor, lead_id, created in db.session.execute(
        select(LeadVisitor.visitor_id, Lead.id, Lead.created_at)
        .join(Lead, Lead.id == LeadVisitor.lead_id)
        .where(LeadVisitor.visitor_id.in_(visitor_ids))
    ):
        leads_of[visitor].add(lead_id)
        parts[visitor]["leads"].append(Dated(str(lead_id), created.date()))
    for visitor, booking in _bookings(visitor_ids):
        lead_ref = str(booking.lead_id) if booking.lead_id in leads_of[visitor] else None
        fact = BookingFact(booking.id, booking.created_at.date(), booking.visitor_id == visitor, lead_ref)
        parts[visitor]["bookings"].append(fact)
    return {
        visitor: VisitorHistory(**{name: tuple(items) for name, items in found.items()})
        for visitor, found in parts.items()
    }


class _Booking(NamedTuple):
    id: str
    created_at: datetime
    visitor_id: str | None
    lead_id: int | None


def _bookings(visitor_ids: Sequence[str]) -> set[tuple[str, _Booking]]:
    """(visitor, booking) for the bookings made by each visitor or by one of their leads."""
    columns = (Booking.id, Booking.created_at, Booking.visitor_id, Booking.lead_id)
    direct = db.session.execute(
        select(Booking.visitor_id, *columns).where(Booking.visitor_id.in_(visitor_ids))
    )
    through_leads = db.session.execute(
        select(LeadVisitor.visitor_id, *columns)
        .join(Booking, Booking.lead_id == LeadVisitor.lead_id)
        .where(LeadVisitor.visitor_id.in_(visitor_ids))
    )
    return {(row[0], _Booking(*row[1:])) for rows in (direct, through_leads) for row in rows}
