"""HubSpot's lifecycle stage of a lead: where its state has taken it, never back."""

from flask import Flask
from sqlalchemy.orm import Session

from leadcapture.listeners import listen_once
from leadcapture.models import LIFECYCLE_STAGES, Lead


def reached_stage(engagement_level: str | None, status: str | None) -> str:
    """The stage a lead in this state has reached: won → customer, qualified → sales qualified,
    high engagement → marketing qualified, else lead."""
    if status == "won":
        return "customer"
    if status == "qualified":
        return "salesqualifiedlead"
    if engagement_level == "high":
        return "marketingqualifiedlead"
    return "lead"


def advanced_stage(current: str | None, engagement_level: str | None, status: str | None) -> str:
    """The later of ``current`` (None: a new lead) and the stage the state has reached."""
    return max(current or "lead", reached_stage(engagement_level, status), key=LIFECYCLE_STAGES.index)


def init_app(app: Flask) -> None:
    """Move every changed lead's stage forward at flush, whatever path changed it."""
    listen_once(Session, "before_flush", _advance_lifecycle)


def _advance_lifecycle(session: Session, _context, _instances) -> None:
    for lead in [*session.new, *session.dirty]:
        if isinstance(lead, Lead):
            stage = advanced_stage(lead.lifecycle_stage, lead.engagement_level, lead.status)
            if stage != lead.lifecycle_stage:
                lead.lifecycle_stage = stage
