"""What a feedback belongs to: the rated tool use and the person's lead."""

from sqlalchemy import select

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.feedback.submission import FeedbackSubmission
from leadcapture.leads.contact import ContactDetails
from leadcapture.leads.locks import locked_lead
from leadcapture.models import Interaction, Lead
from leadcapture.models.visit import Visit
from leadcapture.tracking import VisitContext
from leadcapture.visitor_scores.form_decision import current_lead


def rated_interaction(visit: Visit | None, interaction_id: str | None) -> Interaction | None:
    """The tool use ``interaction_id`` names when it is this visitor's (another's is not linked)."""
    if visit is None or interaction_id is None:
        return None
    return db.session.scalar(
        select(Interaction).where(
            Interaction.id == interaction_id, Interaction.visitor_id == visit.visitor.id
        )
    )


def feedback_lead(ctx: VisitContext, visit: Visit | None, submission: FeedbackSubmission) -> Lead | None:
    """The lead the feedback belongs to, locked until the commit: the email's (created when new, with
    the visitor linked, as the contact form would: one lead per email, and a public submission never
    overwrites a known lead's name or company), else the visitor's current lead, else none."""
    if submission.email is not None:
        details = ContactDetails(
            email=submission.email, name=submission.name, company=submission.organisation
        )
        return capture_scored_lead(visit, details, submission.interaction_id, ctx.now, commit=False).lead
    lead = current_lead(visit.visitor.id) if visit is not None else None
    if lead is None:
        return None
    return locked_lead(Lead.id == lead.id)
