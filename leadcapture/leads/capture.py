"""Creating or updating the lead for a submitted email, safely under concurrency."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.contact_fields import normalise_email
from leadcapture.extensions import db
from leadcapture.leads.attribution import attribute
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Interaction, Lead, LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.models.visit import Visit
from leadcapture.sync.outbox import record_change

OPTIONAL_FIELDS = ("name", "phone", "company", "preferred_contact_time")


@dataclass
class Captured:
    lead: Lead
    created: bool


def capture_lead(
    visit: Visit | None,
    details: ContactDetails,
    interaction_id: str | None = None,
    now: datetime | None = None,
) -> Captured:
    """The lead for ``details.email`` (normalised), created or updated, linked to the visitor and
    attributed (no commit; scoring it is the caller's next step: ``cta.capture``).

    A known email always updates its lead (same id, same HubSpot id). A visitor already linked
    to another lead (a shared computer) is linked to this one too; the other lead keeps its history.
    Without a visit (no analytics consent) the lead is neither linked nor attributed.
    """
    now = now or utcnow()
    lead_id, created = _insert_or_find(normalise_email(details.email), now)
    lead = db.session.get(Lead, lead_id, with_for_update=not created)
    if created:
        record_change(lead, "created")  # inserted by Core: the flush hook does not see it as new
    for name in OPTIONAL_FIELDS:
        value = getattr(details, name)
        if value:
            setattr(lead, name, value)
    _record_consent(lead, details, now)
    if visit is None:
        return Captured(lead, created)
    _link_visitor(lead, visit.visitor.id, now)
    if lead.converting_interaction_id is None:
        lead.converting_interaction_id = _converting_interaction(visit.visitor.id, interaction_id)
    attribute(lead, visit.session)
    return Captured(lead, created)


def _insert_or_find(email: str, now: datetime) -> tuple[int, bool]:
    """Insert the lead unless the email exists; never two leads for one email, even when
    submissions race (the unique index decides, ON CONFLICT DO NOTHING keeps the loser quiet)."""
    inserted = db.session.scalar(
        dialect_insert(Lead)
        .values(
            email=email,
            status="new",
            score=0,
            engagement_level="low",
            score_breakdown=[],
            consent_marketing=False,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=["email"])
        .returning(Lead.id)
    )
    if inserted is not None:
        return inserted, True
    return db.session.scalar(select(Lead.id).where(Lead.email == email)), False


def _record_consent(lead: Lead, details: ContactDetails, now: datetime) -> None:
    """Store the answer to the consent question with its text and time. An unticked box on a
    later form does not withdraw consent given earlier (withdrawal is its own action)."""
    if details.consent_text is None:
        return
    if details.consent_marketing or not lead.consent_marketing:
        lead.consent_marketing = details.consent_marketing
        lead.consent_at = now
        lead.consent_text = details.consent_text


def _link_visitor(lead: Lead, visitor_id: str, now: datetime) -> None:
    link = db.session.get(LeadVisitor, (lead.id, visitor_id))
    if link is None:
        db.session.add(LeadVisitor(lead_id=lead.id, visitor_id=visitor_id, linked_at=now))
    else:
        link.linked_at = now  # the most recent link makes this the visitor's current lead
    db.session.flush()


def _converting_interaction(visitor_id: str, interaction_id: str | None) -> str | None:
    """The interaction named by the client if it is this visitor's, else their latest one."""
    query = select(Interaction.id).where(Interaction.visitor_id == visitor_id)
    if interaction_id:
        named = db.session.scalar(query.where(Interaction.id == interaction_id))
        if named:
            return named
    return db.session.scalar(query.order_by(Interaction.created_at.desc()).limit(1))
