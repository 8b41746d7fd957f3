"""A journey: everything some visitors did, in time order - their sessions with attribution, tool
uses, behaviour events, contact-form prompts, becoming a lead, bookings and feedback.

Each kind is read newest first through its (visitor_id, time) index, at most ``limit`` + 1 rows,
so a visitor with years of events costs the same as one with a week's. The newest ``limit`` items
are kept; ``truncated`` says older ones were left out. A ``window`` (start, end) keeps the items
of that time only (a session, around a feedback).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import (
    BehaviourEvent,
    Booking,
    ContactPrompt,
    Feedback,
    Interaction,
    Lead,
    LeadVisitor,
    VisitSession,
)
from leadcapture.reports.lead_access import visible
from leadcapture.reports.summaries import interaction_summary, session_summary, shorten

MAX_ITEMS = 500
PROMPT_STEPS = (
    ("offered_at", "offered"),
    ("interacted_at", "started filling in"),
    ("submitted_at", "submitted"),
    ("dismissed_at", "dismissed"),
)


@dataclass(frozen=True)
class JourneyItem:
    at: datetime
    kind: str  # session, interaction, event, prompt, lead, booking or feedback
    title: str
    detail: str
    visitor_id: str | None
    lead_id: int | None = None
    # A session's engagement (score 0-12, level), not the lead score.
    engagement: tuple[int, str] | None = None
    feedback_id: str | None = None


@dataclass(frozen=True)
class Bounds:
    limit: int
    window: tuple[datetime, datetime] | None = None


@dataclass
class Journey:
    visitor_ids: list[str]
    items: list[JourneyItem]  # oldest first
    truncated: bool
    limit: int


def journey(
    visitor_ids: list[str],
    limit: int | None = None,
    scope: int | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> Journey:
    """The journey of ``visitor_ids``: at most the newest ``limit`` (default ``MAX_ITEMS``)
    items, oldest first (from ``window``'s start until before its end, when given); of the leads
    they became, only those the lead scope ``scope`` sees."""
    limit = limit or MAX_ITEMS
    if not visitor_ids:
        return Journey([], [], False, limit)
    bounds = Bounds(limit, window)
    items = [
        *_sessions(visitor_ids, bounds),
        *_interactions(visitor_ids, bounds),
        *_events(visitor_ids, bounds),
        *_prompts(visitor_ids, bounds),
        *_leads(visitor_ids, bounds, scope),
        *_bookings(visitor_ids, bounds),
        *_feedback(visitor_ids, bounds),
    ]
    items.sort(key=lambda item: item.at)
    return Journey(visitor_ids, items[-limit:], len(items) > limit, limit)


def _newest(query, column, bounds: Bounds):
    if bounds.window:
        query = query.where(column >= bounds.window[0], column < bounds.window[1])
    return db.session.execute(query.order_by(column.desc()).limit(bounds.limit + 1))


def _sessions(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(VisitSession).where(VisitSession.visitor_id.in_(visitor_ids))
    return [
        JourneyItem(
            s.started_at,
            "session",
            "Visit",
            session_summary(s),
            s.visitor_id,
            engagement=(s.engagement_score, s.engagement_level),
        )
        for (s,) in _newest(query, VisitSession.started_at, bounds)
    ]


def _interactions(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(Interaction.created_at, Interaction.tool, Interaction.data, Interaction.visitor_id).where(
        Interaction.visitor_id.in_(visitor_ids)
    )
    return [
        JourneyItem(at, "interaction", tool.replace("_", " "), interaction_summary(tool, data), visitor)
        for at, tool, data, visitor in _newest(query, Interaction.created_at, bounds)
    ]


def _events(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(
        BehaviourEvent.created_at,
        BehaviourEvent.event_type,
        BehaviourEvent.name,
        BehaviourEvent.page_url,
        BehaviourEvent.visitor_id,
    ).where(BehaviourEvent.visitor_id.in_(visitor_ids))
    return [
        JourneyItem(at, "event", kind.replace("_", " "), " · ".join(filter(None, (name, url))), visitor)
        for at, kind, name, url, visitor in _newest(query, BehaviourEvent.created_at, bounds)
    ]


def _prompts(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(ContactPrompt).where(ContactPrompt.visitor_id.in_(visitor_ids))
    items = []
    for (prompt,) in _newest(query, ContactPrompt.offered_at, bounds):
        fields = ", ".join(prompt.fields or [])
        for column, step in PROMPT_STEPS:
            at = getattr(prompt, column)
            if at is not None:
                detail = f"score {prompt.score}; fields: {fields}" if column == "offered_at" else ""
                items.append(JourneyItem(at, "prompt", f"Contact form {step}", detail, prompt.visitor_id))
    return items


def _leads(visitor_ids: list[str], bounds: Bounds, scope: int | None) -> list[JourneyItem]:
    # One item per lead, however many of the visitors it has (so no visitor is named).
    query = (
        select(Lead.id, Lead.email, Lead.created_at)
        .join(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .where(LeadVisitor.visitor_id.in_(visitor_ids), Lead.deleted_at.is_(None), *visible(scope))
        .distinct()
    )
    return [
        JourneyItem(at, "lead", "Became a lead", email, None, lead_id)
        for lead_id, email, at in _newest(query, Lead.created_at, bounds)
    ]


def _bookings(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(Booking).where(Booking.visitor_id.in_(visitor_ids))
    return [
        JourneyItem(
            booking.created_at,
            "booking",
            "Booked an appointment",
            f"{booking.procedure_id.replace('_', ' ')} on {booking.slot_start:%Y-%m-%d %H:%M} UTC",
            booking.visitor_id,
            booking.lead_id,
        )
        for (booking,) in _newest(query, Booking.created_at, bounds)
    ]


def _feedback(visitor_ids: list[str], bounds: Bounds) -> list[JourneyItem]:
    query = select(Feedback).where(Feedback.visitor_id.in_(visitor_ids))
    return [
        JourneyItem(
            row.created_at,
            "feedback",
            f"Rated {row.rating}/5 ({row.context.replace('_', ' ')})",
            shorten(row.comment or ""),
            row.visitor_id,
            feedback_id=row.id,
        )
        for (row,) in _newest(query, Feedback.created_at, bounds)
    ]
