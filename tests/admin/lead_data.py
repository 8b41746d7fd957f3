"""Hand-built leads, visitors and tool uses for the admin lead and interaction tests."""

from datetime import datetime, timedelta

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import Interaction, Lead, LeadVisitor, User, Visitor, VisitSession
from leadcapture.models.types import new_id

BASE = datetime(2026, 3, 1, 9, 0)


def user_id(email: str, role: str = "sales") -> int:
    """The id of a staff user (created when missing)."""
    user, _ = ensure_user(email, "pw-123456", role)
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


def user_email(user: int) -> str:
    return db.session.get(User, user).email
