"""What a visitor's browser and the database hold, for the tracking consent tests."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import (
    BehaviourEvent,
    ContactPrompt,
    Interaction,
    Lead,
    LeadVisitor,
    TrackingConsent,
    Visitor,
    VisitSession,
)

TRACKED = (Visitor, VisitSession, Interaction, BehaviourEvent, ContactPrompt, LeadVisitor)
CALC = {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"}


def tracked_rows(app) -> dict[str, int]:
    """How many rows each tracking table holds (visitors, sessions, interactions, events, prompts,
    lead links)."""
    with app.app_context():
        counts = {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in TRACKED}
        db.session.rollback()
    return counts


def nothing_tracked(app) -> bool:
    return not any(tracked_rows(app).values())


def consent_rows(app) -> list[TrackingConsent]:
    with app.app_context():
        rows = list(db.session.scalars(select(TrackingConsent).order_by(TrackingConsent.id)))
        db.session.expunge_all()
    return rows


def leads(app) -> list[Lead]:
    with app.app_context():
        rows = list(db.session.scalars(select(Lead).order_by(Lead.id)))
        db.session.expunge_all()
    return rows


def set_cookies(response) -> dict[str, str]:
    """The cookies a response sets (name → the whole Set-Cookie header)."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def choose(client, choice: str, next_page: str = "/", **data):
    """Answer the banner as its form does."""
    return client.post("/consent/", data={"choice": choice, "next": next_page, **data})
