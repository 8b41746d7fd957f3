"""Building visitors, interactions and leads directly in the database for scoring tests."""

from datetime import timedelta

from leadcapture.extensions import db
from leadcapture.models import Interaction, Lead, LeadVisitor, SubmittedDetail, Visitor, VisitSession
from leadcapture.models.types import new_id, utcnow
from leadcapture.scoring_rules.draft import update_settings
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.versions import publish
from leadcapture.tracking.interactions import input_hash


def make_visitor(interactions=(), active_seconds=0, started=None) -> str:
    """A visitor with one session and the given ``(tool, data)`` interactions; returns the id."""
    started = started or utcnow() - timedelta(minutes=5)
    visitor = Visitor(id=new_id(), created_at=started)
    session = VisitSession(
        id=new_id(), visitor=visitor, started_at=started, last_seen_at=started, active_seconds=active_seconds
    )
    db.session.add_all([visitor, session])
    db.session.flush()
    for offset, (tool, data) in enumerate(interactions):
        db.session.add(
            Interaction(
                visitor_id=visitor.id,
                session_id=session.id,
                tool=tool,
                data=data,
                input_hash=input_hash(tool, data),
                created_at=started + timedelta(seconds=offset),
            )
        )
    db.session.commit()
    return visitor.id


def session_of(visitor_id: str) -> str:
    """The visitor's first session."""
    query = db.select(VisitSession.id).where(VisitSession.visitor_id == visitor_id)
    return db.session.scalars(query.order_by(VisitSession.started_at)).first()


def make_lead(email: str, *visitor_ids: str, **fields) -> Lead:
    lead = Lead(email=email, **fields)
    db.session.add(lead)
    db.session.flush()
    db.session.add_all(LeadVisitor(lead_id=lead.id, visitor_id=v) for v in visitor_ids)
    db.session.commit()
    return lead


def give(visitor_id: str, lead: Lead, **fields) -> None:
    """Record that the visitor submitted ``fields`` for the lead (as ``leads.submitted`` does)."""
    db.session.add_all(
        SubmittedDetail(
            lead_id=lead.id,
            visitor_id=visitor_id,
            field=field,
            value=value,
            state="same",
            submitted_at=utcnow(),
        )
        for field, value in fields.items()
    )
    db.session.commit()


CALC_BIG = (  # 70 (calculator) + 15 (two procedures) + 20 (over 10k) + 25 (immediate) = 130, shown as 100
    "cost_calculator",
    {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"},
)
CALC_SMALL = ("cost_calculator", {"procedures": ["botox"], "budget_range": "under_1k", "urgency": "flexible"})
AI = ("ai_recommendation", {"query": "wrinkles on my forehead"})


def decay_on(half_life_days: int = 30) -> None:
    """Publish the live rules with score decay on at ``half_life_days`` (commits)."""
    live_rules()  # an empty database publishes the defaults first
    update_settings(
        {"decay_enabled": True, "decay_half_life_days": half_life_days}, actor="admin@example.com"
    )
    publish("admin@example.com")
