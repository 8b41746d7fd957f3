"""Which leads a staff member may see. With ``SALES_SEE=own`` a sales user sees only the leads
assigned to them and the unassigned ones; everyone else sees every lead.

A *scope* is that user's id, or None for every lead. The lists, the lead page, the CSV export,
the interactions log and the journeys put ``visible`` (or ``visible_visitors``) into their
queries, so a lead out of scope is never read, whatever the page shows.
"""

from sqlalchemy import exists, or_, select

from leadcapture.extensions import db
from leadcapture.models import Lead, LeadVisitor, Visitor


def lead_scope(role: str, user_id: int, sales_see: str) -> int | None:
    """The scope of a user with ``role``: their id when ``sales_see`` limits them, else None."""
    return user_id if role == "sales" and sales_see == "own" else None


def visible(scope: int | None) -> list:
    """Conditions on ``Lead`` that keep the leads of ``scope``."""
    if scope is None:
        return []
    return [or_(Lead.owner_id == scope, Lead.owner_id.is_(None))]


def visible_lead(lead_id: int, scope: int | None) -> Lead | None:
    """The lead when ``scope`` may see it, else None."""
    return db.session.scalars(select(Lead).where(Lead.id == lead_id, *visible(scope))).first()


def visible_visitors(visitor_id_column, scope: int | None) -> list:
    """Conditions on ``visitor_id_column`` that keep the visitors ``scope`` may see: every visitor
    but those who belong to a lead assigned to someone else."""
    if scope is None:
        return []
    theirs = exists().where(
        LeadVisitor.visitor_id == visitor_id_column,
        Lead.id == LeadVisitor.lead_id,
        Lead.owner_id.is_not(None),
        Lead.owner_id != scope,
    )
    return [~theirs]


def visible_visitor(visitor_id: str, scope: int | None) -> Visitor | None:
    """The visitor unless they belong to a lead out of ``scope``."""
    query = select(Visitor).where(Visitor.id == visitor_id, *visible_visitors(Visitor.id, scope))
    return db.session.scalars(query).first()
