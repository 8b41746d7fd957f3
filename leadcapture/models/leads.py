"""Leads: identified people (one per email), linked to the visitors they used."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from leadcapture.extensions import db
from leadcapture.models.types import JSONType, utcnow
from leadcapture.models.users import User

LEAD_STATUSES = ("new", "contacted", "qualified", "won", "lost")
# HubSpot's lifecycle stages a lead goes through, in order; a lead only ever moves forward.
LIFECYCLE_STAGES = ("lead", "marketingqualifiedlead", "salesqualifiedlead", "customer")
ATTRIBUTION_FIELDS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "referrer_class",
    "landing_page",
)


class Lead(db.Model):
    """A person who left contact details; scored over all of their visitors' interactions."""

    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_created", "created_at"),
        Index("ix_leads_score", "score"),
        Index("ix_leads_status_created", "status", "created_at"),
        Index("ix_leads_first_campaign", "first_utm_campaign", "created_at"),
        # The sales list's filters (each with its default order, newest first).
        Index("ix_leads_converting_campaign", "converting_utm_campaign", "created_at"),
        Index("ix_leads_owner_created", "owner_id", "created_at"),
        Index("ix_leads_level_created", "engagement_level", "created_at"),
        # The few leads staff deleted (the deleted list, the purge's final erasure).
        Index(
            "ix_leads_deleted",
            "deleted_at",
            postgresql_where=text("deleted_at IS NOT NULL"),
            sqlite_where=text("deleted_at IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Normalised (trimmed, lower-case), so one person is one lead.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(32))
    company: Mapped[str | None] = mapped_column(String(200))
    preferred_contact_time: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="new")

    score: Mapped[int] = mapped_column(Integer, default=0)
    engagement_level: Mapped[str] = mapped_column(String(8), default="low")
    score_breakdown: Mapped[list] = mapped_column(JSONType, default=list)
    rule_set_version: Mapped[int | None] = mapped_column(Integer)
    # The tools its visitors used, sorted and ";"-joined (HubSpot's leadcapture_tools_used).
    tools_used: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The furthest of LIFECYCLE_STAGES the lead reached (HubSpot's lifecyclestage never goes back).
    lifecycle_stage: Mapped[str] = mapped_column(String(32), default="lead", server_default="lead")
    converting_interaction_id: Mapped[str | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )

    consent_marketing: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_text: Mapped[str | None] = mapped_column(Text)

    first_utm_source: Mapped[str | None] = mapped_column(String(255))
    first_utm_medium: Mapped[str | None] = mapped_column(String(255))
    first_utm_campaign: Mapped[str | None] = mapped_column(String(255))
    first_utm_term: Mapped[str | None] = mapped_column(String(255))
    first_utm_content: Mapped[str | None] = mapped_column(String(255))
    first_referrer_class: Mapped[str | None] = mapped_column(String(16))
    first_landing_page: Mapped[str | None] = mapped_column(Text)
    converting_utm_source: Mapped[str | None] = mapped_column(String(255))
    converting_utm_medium: Mapped[str | None] = mapped_column(String(255))
    converting_utm_campaign: Mapped[str | None] = mapped_column(String(255))
    converting_utm_term: Mapped[str | None] = mapped_column(String(255))
    converting_utm_content: Mapped[str | None] = mapped_column(String(255))
    converting_referrer_class: Mapped[str | None] = mapped_column(String(16))
    converting_landing_page: Mapped[str | None] = mapped_column(Text)

    # The person's feedback so far (``leadcapture.feedback``), kept here for HubSpot.
    feedback_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    feedback_average: Mapped[float | None] = mapped_column(Float)  # rounded to 2 decimals
    feedback_latest_rating: Mapped[int | None] = mapped_column(SmallInteger)

    hubspot_contact_id: Mapped[str | None] = mapped_column(String(64))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when the person was erased (``leadcapture.privacy.erase``): the row stays, anonymised, so
    # the reports keep their counts, and it is never synced again.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Deleted by staff (who: the lead's activity log): hidden, restorable for DELETED_LEAD_DAYS,
    # then erased by the purge.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)

    owner: Mapped[User | None] = relationship()
    visitor_links: Mapped[list["LeadVisitor"]] = relationship(
        back_populates="lead", cascade="all, delete-orphan"
    )


class LeadVisitor(db.Model):
    """A visitor known to be this lead. A visitor can belong to several leads (a shared computer);
    their latest link is their current lead, and earlier leads keep their history."""

    __tablename__ = "lead_visitors"
    __table_args__ = (Index("ix_lead_visitors_visitor_linked", "visitor_id", "linked_at"),)

    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True)
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), primary_key=True)
    linked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="visitor_links")
