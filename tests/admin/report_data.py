"""Rows for the report tests, inserted directly with fixed times (no tracker, no scoring)."""

from datetime import datetime, timedelta
from itertools import count

from sqlalchemy import delete

from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    ContactPrompt,
    Interaction,
    Lead,
    LeadVisitor,
    Procedure,
    SyncOutbox,
    Visitor,
    VisitSession,
)

_numbers = count(1)


def at(text: str) -> datetime:
    """'2026-03-01 10:00' as a naive UTC datetime."""
    return datetime.fromisoformat(text)


def visitor(visitor_id: str) -> str:
    db.session.add(Visitor(id=visitor_id, created_at=datetime(2026, 1, 1)))
    db.session.flush()
    return visitor_id


def session(visitor_id: str, when: str, campaign=None, source=None, device="desktop") -> str:
    row = VisitSession(
        visitor_id=visitor_id,
        started_at=at(when),
        last_seen_at=at(when),
        utm_campaign=campaign,
        utm_source=source,
        utm_medium="cpc" if source else None,
        device_type=device,
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def tool_use(visitor_id: str, session_id: str, tool: str, when: str) -> str:
    row = Interaction(
        visitor_id=visitor_id,
        session_id=session_id,
        tool=tool,
        data={},
        input_hash=f"h{next(_numbers)}",
        created_at=at(when),
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def prompt(visitor_id: str, session_id: str, when: str) -> str:
    row = ContactPrompt(
        visitor_id=visitor_id, session_id=session_id, fields=["email"], score=90, offered_at=at(when)
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def lead(when: str, score: int = 0, visitors=()) -> int:
    row = Lead(
        email=f"lead{next(_numbers)}@example.com",
        status="new",
        score=score,
        engagement_level="low",
        score_breakdown=[],
        created_at=at(when),
        updated_at=at(when),
    )
    db.session.add(row)
    db.session.flush()
    # The outbox rows are the test's own (``outbox``), not the one the new lead got.
    db.session.execute(delete(SyncOutbox).where(SyncOutbox.lead_id == row.id))
    for visitor_id in visitors:
        link(row.id, visitor_id, when)
    return row.id


def link(lead_id: int, visitor_id: str, when: str) -> None:
    db.session.add(LeadVisitor(lead_id=lead_id, visitor_id=visitor_id, linked_at=at(when)))
    db.session.flush()


def booking(when: str, visitor_id=None, lead_id=None) -> str:
    if db.session.get(Procedure, "botox") is None:
        db.session.add(Procedure(id="botox", name="Botox", description="", price_low=1, price_high=2))
        db.session.flush()
    number = next(_numbers)
    row = Booking(
        slot_start=datetime(2030, 1, 1, 9) + timedelta(minutes=30 * number),  # slots are unique
        slot_minutes=30,
        procedure_id="botox",
        visitor_id=visitor_id,
        lead_id=lead_id,
        name="Ana",
        email="ana@example.com",
        created_at=at(when),
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def outbox(lead_id: int, status: str) -> None:
    db.session.add(SyncOutbox(lead_id=lead_id, reason="created", status=status))
    db.session.flush()
