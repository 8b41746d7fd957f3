"""Creating or updating the lead for a submitted email, safely under concurrency."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, select

from leadcapture.contact_fields import normalise_email
from leadcapture.extensions import db
from leadcapture.leads.attribution import attribute
from leadcapture.leads.contact import ContactDetails
from leadcapture.leads.locks import locked_lead
from leadcapture.leads.submitted import record_submission
from leadcapture.models import Interaction, Lead, LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.models.visit import Visit
from leadcapture.sync.outbox import record_change
from leadcapture.webhooks.lead_events import watch_lead

# The lead as stored now, locked until the commit on PostgreSQL so two submissions never interleave.


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
    """The lead for ``details.email`` (normalised), created or found, linked to the visitor and
    attributed (no commit; scoring it is the caller's next step: ``cta.capture``).

    A known email keeps its lead (same id, same HubSpot id) and what it holds: the submission only
    fills its empty fields (``leads.submitted``). A visitor already linked to another lead (a shared
    computer) is linked to this one too; the other lead keeps its history. Without a visit (no
    analytics consent) the lead is neither linked nor attributed.

    A new and a known email take the same statements (nothing in the answer's timing tells them
    apart): the insert is tried and the lead read, locked, either way; the link and the outbox row
    are flushed before the lead changes, whose one UPDATE the caller's commit flushes (with
    ``no_autoflush`` around the scoring reads, as ``cta.capture`` does).
    """
    now = now or utcnow()
    email = normalise_email(details.email)
    created = _insert(email, now)
    lead = locked_lead(Lead.email == email)
    watch_lead(lead, created=created)  # its webhook events, at the commit
    # A known lead's row too, so that both ways write one; the sync sends the lead as it is.
    record_change(lead, "created" if created else "submitted")
    if visit is not None:
        _link_visitor(lead, visit.visitor.id, now)
    with db.session.no_autoflush:
        if visit is not None:
            converting = _converting_interaction(visit.visitor.id, interaction_id)
            lead.converting_interaction_id = lead.converting_interaction_id or converting
            attribute(lead, visit.session)
        record_submission(lead, visit.visitor.id if visit else None, details, now)
        _record_consent(lead, details, now)
        lead.updated_at = now
    return Captured(lead, created)


def _insert(email: str, now: datetime) -> bool:
    """Insert the lead unless the email exists; whether it did. Never two leads for one email, even
    when submissions race (the unique index decides, ON CONFLICT DO NOTHING keeps the loser quiet)."""
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
    return inserted is not None


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
    """The interaction named by the client if it is this visitor's, else their latest one (one query)."""
    query = select(Interaction.id).where(Interaction.visitor_id == visitor_id)
    if interaction_id:
        named = Interaction.id == interaction_id
        query = query.order_by(case((named, 0), else_=1))
    return db.session.scalar(query.order_by(Interaction.created_at.desc()).limit(1))
