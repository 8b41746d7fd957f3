"""Hand-built journeys for the insight tests: visitors, sessions with their counts and tools,
contact prompts, bookings and leads, written as the tracker leaves them."""

from datetime import datetime, timedelta
from itertools import count

from leadcapture.extensions import db
from leadcapture.insights.refresh import refresh_insights
from leadcapture.models import (
    Booking,
    ContactPrompt,
    Lead,
    LeadInsight,
    LeadVisitor,
    SessionTool,
    Visitor,
    VisitorInsight,
    VisitSession,
)
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import new_id

NOW = datetime(2026, 6, 17, 12, 0)  # a Wednesday
CALC, BOOKING = "cost_calculator", "appointment_booking"
SLOTS = count()


def visitor() -> str:
    visitor_id = new_id()
    db.session.add(Visitor(id=visitor_id, created_at=NOW - timedelta(days=400)))
    db.session.flush()
    return visitor_id


def session(visitor_id: str, days_ago: float, tools: dict | None = None, **counts) -> str:
    """A ten-minute visit ``days_ago`` before NOW; ``tools``: {tool: (uses, events)}; ``counts``:
    events_high, events_medium, events_low, exports, engagement_level."""
    started = NOW - timedelta(days=days_ago)
    row = VisitSession(
        id=new_id(),
        visitor_id=visitor_id,
        started_at=started,
        last_seen_at=started + timedelta(minutes=10),
        referrer_class="direct",
        **counts,
    )
    db.session.add(row)
    db.session.flush()
    for tool, (uses, events) in (tools or {}).items():
        db.session.add(SessionTool(session_id=row.id, tool=tool, uses=uses, events=events))
    db.session.flush()
    return row.id


def prompt(visitor_id: str, session_id: str, days_ago: float, status: str) -> None:
    db.session.add(
        ContactPrompt(
            visitor_id=visitor_id,
            session_id=session_id,
            fields=["email"],
            score=50,
            status=status,
            offered_at=NOW - timedelta(days=days_ago),
        )
    )
    db.session.flush()


def booking(days_ago: float, visitor_id: str | None = None, lead_id: int | None = None) -> None:
    seed_catalog()
    made = NOW - timedelta(days=days_ago)
    db.session.add(
        Booking(
            slot_start=made + timedelta(days=3, minutes=30 * next(SLOTS)),
            slot_minutes=30,
            procedure_id="botox",
            visitor_id=visitor_id,
            lead_id=lead_id,
            name="Ana Test",
            email="ana@example.com",
            created_at=made,
        )
    )
    db.session.flush()


def lead(*visitor_ids: str, score: int = 30, level: str = "low") -> int:
    row = Lead(email=f"{new_id()}@example.com", score=score, engagement_level=level)
    db.session.add(row)
    db.session.flush()
    for visitor_id in visitor_ids:
        db.session.add(LeadVisitor(lead_id=row.id, visitor_id=visitor_id))
    db.session.flush()
    return row.id


def refreshed(now: datetime = NOW) -> None:
    db.session.commit()
    refresh_insights(now=now)


def visitor_insight(visitor_id: str) -> VisitorInsight:
    return db.session.get(VisitorInsight, visitor_id)


def lead_insight(lead_id: int) -> LeadInsight:
    db.session.expire_all()
    return db.session.get(LeadInsight, lead_id)
