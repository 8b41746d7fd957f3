"""Visitors' stored rows as ``summary.Facts``, many visitors at a time (one query per table)."""

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import or_, select

from leadcapture.extensions import db
from leadcapture.insights.summary import Facts, PromptFact, SessionFact
from leadcapture.models import Booking, ContactPrompt, SessionTool, VisitSession
from leadcapture.models.one_of import one_of

SESSION_COLUMNS = (
    "started_at",
    "last_seen_at",
    "events_high",
    "events_medium",
    "events_low",
    "exports",
    "engagement_level",
)


def load_facts(visitor_ids: Collection[str]) -> dict[str, Facts]:
    """Each visitor's facts (bookings: the ones they made themselves; ``lead_bookings`` adds a
    lead's own)."""
    ids = list(visitor_ids)
    if not ids:
        return {}
    tools: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for session_id, tool, uses, events in db.session.execute(
        select(SessionTool.session_id, SessionTool.tool, SessionTool.uses, SessionTool.events)
        .join(VisitSession, VisitSession.id == SessionTool.session_id)
        .where(one_of(VisitSession.visitor_id, ids))
    ):
        tools[session_id][tool] = (uses, events)
    prompts: dict[str, list[PromptFact]] = defaultdict(list)
    submitted_in: set[str] = set()
    for visitor_id, session_id, status, offered_at in db.session.execute(
        select(
            ContactPrompt.visitor_id, ContactPrompt.session_id, ContactPrompt.status, ContactPrompt.offered_at
        ).where(one_of(ContactPrompt.visitor_id, ids))
    ):
        prompts[visitor_id].append(PromptFact(offered_at, status))
        if status == "submitted":
            submitted_in.add(session_id)
    sessions: dict[str, list[SessionFact]] = defaultdict(list)
    columns = [getattr(VisitSession, name) for name in SESSION_COLUMNS]
    for row in db.session.execute(
        select(VisitSession.visitor_id, VisitSession.id, *columns).where(one_of(VisitSession.visitor_id, ids))
    ):
        values = dict(zip(SESSION_COLUMNS, row[2:], strict=True))
        sessions[row[0]].append(
            SessionFact(**values, tools=tools[row[1]], form_submitted=row[1] in submitted_in)
        )
    bookings: dict[str, list] = defaultdict(list)
    for visitor_id, created_at in db.session.execute(
        select(Booking.visitor_id, Booking.created_at).where(one_of(Booking.visitor_id, ids))
    ):
        bookings[visitor_id].append(created_at)
    return {
        visitor_id: Facts(
            tuple(sessions[visitor_id]), tuple(prompts[visitor_id]), tuple(bookings[visitor_id])
        )
        for visitor_id in ids
    }


def lead_bookings(lead_ids: Collection[int], visitors_of: dict[int, list[str]]) -> dict[int, tuple]:
    """When each lead's bookings were made: its own and its visitors' (each booking once)."""
    ids = list(lead_ids)
    leads_of: dict[str, set[int]] = defaultdict(set)
    for lead_id, visitors in visitors_of.items():
        for visitor_id in visitors:
            leads_of[visitor_id].add(lead_id)
    found: dict[int, dict[str, object]] = defaultdict(dict)
    query = select(Booking.id, Booking.lead_id, Booking.visitor_id, Booking.created_at).where(
        or_(Booking.lead_id.in_(ids), Booking.visitor_id.in_(list(leads_of)))
    )
    for booking_id, lead_id, visitor_id, created_at in db.session.execute(query):
        for lead in {lead_id, *leads_of.get(visitor_id, ())}:
            found[lead][booking_id] = created_at
    return {lead_id: tuple(found[lead_id].values()) for lead_id in ids}
