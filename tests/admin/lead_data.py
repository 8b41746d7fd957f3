"""Hand-built leads, visitors and tool uses for the admin lead and interaction tests."""

from datetime import datetime, timedelta

from leadcapture.accounts import ensure_user
from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Booking, Interaction, Lead, LeadVisitor, Visitor, VisitSession
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import new_id, utcnow
from leadcapture.prompts import mark_prompt, offer_prompt
from leadcapture.tracking import VisitContext, record_events, record_interaction, track_visit

BASE = datetime(2026, 3, 1, 9, 0)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
SPRING = "https://clinic.example/tools?utm_source=google&utm_medium=cpc&utm_campaign=spring"
NEWSLETTER = "https://clinic.example/?utm_source=newsletter&utm_medium=email&utm_campaign=nov"
CALC = {"procedures": ["botox", "hydrafacial"], "budget_range": "1k_5k", "urgency": "flexible"}
CONSENT = "Yes, send me offers by email."


def user_id(email: str, role: str = "sales") -> int:
    """The id of a staff user (created when missing)."""
    user, _ = ensure_user(email, "Velvet-Otter-Drums-71", role)
    return user.id


def visit(at: datetime, campaign: str | None = None, visitor: Visitor | None = None) -> VisitSession:
    """A session (and a new visitor unless one is given) starting ``at``."""
    visitor = visitor or Visitor(id=new_id(), created_at=at)
    session = VisitSession(
        id=new_id(),
        visitor=visitor,
        started_at=at,
        last_seen_at=at,
        utm_campaign=campaign,
        referrer_class="direct",
    )
    db.session.add(session)
    db.session.flush()  # interactions refer to it by id only
    return session


def tool_use(session: VisitSession, tool: str, at: datetime, data: dict | None = None) -> Interaction:
    interaction = Interaction(
        id=new_id(),
        visitor_id=session.visitor.id,
        session_id=session.id,
        tool=tool,
        data=data or {},
        input_hash=new_id(),
        created_at=at,
    )
    db.session.add(interaction)
    return interaction


def make_lead(
    email: str, days: int = 0, tools: tuple[str, ...] = (), owner: int | None = None, **values
) -> Lead:
    """A lead created ``days`` after BASE, whose one visitor used ``tools``; flushed, not committed."""
    at = BASE + timedelta(days=days)
    session = visit(at, values.get("first_utm_campaign"))
    for tool in tools:
        tool_use(session, tool, at)
    defaults = {"status": "new", "score": 0, "engagement_level": "low", "score_breakdown": []}
    lead = Lead(email=email, created_at=at, updated_at=at, owner_id=owner, **(defaults | values))
    db.session.add(lead)
    db.session.flush()
    db.session.add(LeadVisitor(lead_id=lead.id, visitor_id=session.visitor.id, linked_at=at))
    db.session.flush()
    return lead


def build_story() -> dict:
    """Visitor A (phone, spring campaign) looks around, uses the calculator, dismisses the form,
    then leaves their email; a day later visitor B (newsletter) asks for a recommendation, gives
    the same email and books. Commits; returns the lead's and visitors' ids."""
    start = utcnow().replace(microsecond=0) - timedelta(days=2)
    seed_catalog()
    first = track_visit(VisitContext(page_url=SPRING, user_agent=IPHONE, now=start))
    a = first.visitor.id
    record_events(
        VisitContext(visitor_id=a, now=start + timedelta(minutes=1)),
        [{"type": "page_view", "page_url": "https://clinic.example/tools"}],
    )
    used = record_interaction(
        VisitContext(visitor_id=a, now=start + timedelta(minutes=2)), "cost_calculator", CALC
    )
    prompt = offer_prompt(a, first.session.id, ["email", "name"], 75, start + timedelta(minutes=3))
    mark_prompt(prompt, "dismissed", start + timedelta(minutes=4))
    db.session.commit()
    details = ContactDetails(
        email="ann@example.com", name="Ann", consent_marketing=True, consent_text=CONSENT
    )
    lead = capture_scored_lead(used.visit, details, used.interaction.id, start + timedelta(minutes=5)).lead
    later = start + timedelta(days=1)
    other = record_interaction(
        VisitContext(page_url=NEWSLETTER, now=later),
        "ai_recommendation",
        {"query": "botox for frown lines"},
    )
    capture_scored_lead(
        other.visit, ContactDetails(email="ann@example.com"), now=later + timedelta(minutes=1)
    )
    db.session.add(
        Booking(
            slot_start=later + timedelta(days=3),
            slot_minutes=30,
            procedure_id="botox",
            visitor_id=other.visit.visitor.id,
            lead_id=lead.id,
            name="Ann",
            email="ann@example.com",
            created_at=later + timedelta(minutes=2),
        )
    )
    db.session.commit()
    return {"lead": lead.id, "a": a, "b": other.visit.visitor.id}
