"""Exposures and what the visitors did afterwards, written straight to the database in bulk (one
INSERT per table), for the results' tests and simulations."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    ContactPrompt,
    ExperimentExposure,
    Feedback,
    Lead,
    LeadVisitor,
    Visitor,
    VisitorScore,
    VisitSession,
)

START = datetime(2026, 3, 2, 9, 0)
HOUR = timedelta(hours=1)


def session_id(visitor_id: str) -> str:
    return f"s-{visitor_id}"[:32]


def add_visitors(visitor_ids: Iterable[str], at: datetime = START - HOUR) -> None:
    """Visitors with one session each."""
    ids = list(visitor_ids)
    _insert(Visitor, [{"id": v, "created_at": at} for v in ids])
    _insert(
        VisitSession,
        [{"id": session_id(v), "visitor_id": v, "started_at": at, "last_seen_at": at} for v in ids],
    )


def add_exposures(experiment_id: int, rows: Iterable[tuple], at: datetime = START) -> None:
    """Exposures from ``(visitor_id, variant)`` rows, optionally followed by exposed_at (else ``at``),
    device, campaign, returning and pre_activity."""
    names = ("visitor_id", "variant", "exposed_at", "device", "campaign", "returning_visitor", "pre_activity")
    defaults = (None, None, at, "desktop", None, False, 0)
    _insert(
        ExperimentExposure,
        [
            {"experiment_id": experiment_id, **dict(zip(names, (*row, *defaults[len(row) :]), strict=True))}
            for row in rows
        ],
    )


def add_submitted_prompts(visitors: Iterable[tuple[str, datetime]]) -> None:
    _insert(
        ContactPrompt,
        [
            {
                "id": f"p{n}-{v}"[:32],
                "visitor_id": v,
                "session_id": session_id(v),
                "fields": ["email"],
                "score": 70,
                "status": "submitted",
                "offered_at": at,
                "submitted_at": at,
            }
            for n, (v, at) in enumerate(visitors)
        ],
    )


def add_leads(visitors: Iterable[tuple[str, datetime]]) -> None:
    """A lead per visitor, created at the time given and linked to it."""
    rows = list(visitors)
    _insert(Lead, [{"email": f"{v}@example.com", "created_at": at, "updated_at": at} for v, at in rows])
    ids = dict(db.session.execute(db.select(Lead.email, Lead.id)).all())
    _insert(
        LeadVisitor,
        [{"lead_id": ids[f"{v}@example.com"], "visitor_id": v, "linked_at": at} for v, at in rows],
    )


def add_bookings(visitors: Iterable[tuple[str, datetime]]) -> None:
    """Bookings of ``botox`` (the catalog must be seeded), one slot each."""
    _insert(
        Booking,
        [
            {
                "id": f"b{n}",
                "slot_start": START + timedelta(days=30, minutes=30 * n),
                "slot_minutes": 30,
                "procedure_id": "botox",
                "visitor_id": v,
                "name": "Test",
                "email": f"{v}@example.com",
                "created_at": at,
            }
            for n, (v, at) in enumerate(visitors)
        ],
    )


def add_feedback(rows: Iterable[tuple[str, int, datetime]]) -> None:
    _insert(
        Feedback,
        [
            {"id": f"f{n}", "visitor_id": v, "context": "in_app", "rating": rating, "created_at": at}
            for n, (v, rating, at) in enumerate(rows)
        ],
    )


def add_scores(rows: Iterable[tuple[str, int, datetime]]) -> None:
    _insert(
        VisitorScore,
        [
            {
                "visitor_id": v,
                "score": score,
                "engagement_level": "high",
                "breakdown": [],
                "rule_set_version": 1,
                "computed_at": at,
            }
            for v, score, at in rows
        ],
    )


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(db.insert(model), rows)
        db.session.commit()
