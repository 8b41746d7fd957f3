"""The contact form's service (HTML or JSON submission): validated, then captured as a lead."""

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, StringConstraints, ValidationError, field_validator

from leadcapture.contact_fields import blank_is_absent, email_field, phone_field
from leadcapture.cta.capture import capture_scored_lead
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import ContactPrompt
from leadcapture.prompts import mark_prompt
from leadcapture.scoring_rules.live import live_rules
from leadcapture.tools.validation import field_errors
from leadcapture.tracking import VisitContext, identify, is_person
from leadcapture.visitor_scores.store import stored_visitor_score

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class LeadSubmission(BaseModel):
    """SPEC's ``POST /api/v1/leads`` body (and the HTML contact form's fields)."""

    email: str
    name: Text | None = None
    phone: str | None = None
    company: Text | None = None
    preferred_contact_time: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] | None = (
        None
    )
    consent_marketing: bool = False
    interaction_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    prompt_id: Annotated[str, StringConstraints(max_length=64)] | None = None

    _blank_is_absent = field_validator("name", "phone", "company", "preferred_contact_time", mode="before")(
        blank_is_absent
    )
    _email = field_validator("email")(email_field)
    _phone = field_validator("phone")(phone_field)


@dataclass(frozen=True)
class ContactAnswer:
    """All a submitter is told, the same whether the email was known or not: what they gave and
    their own visitor's score, never anything of the lead."""

    visitor_id: str | None  # None: not tracked (no analytics consent)
    lead_score: int
    engagement_level: str
    email: str
    name: str | None


def submit_contact(
    ctx: VisitContext, data: object, consent_text: str, phone_region: str = "US"
) -> ContactAnswer:
    """Validate a submission and create or update its lead; the prompt it answers is marked
    submitted. Raises InputError for bad fields, or status 403 for staff and bots. Without analytics
    consent the lead is linked to no visitor."""
    try:
        submission = LeadSubmission.model_validate(data, context={"phone_region": phone_region})
    except ValidationError as error:
        raise InputError(field_errors(error)) from None
    visit = identify(ctx)
    if visit is None and not is_person(ctx):
        raise InputError({}, status=403, message="Signed-in staff and automated clients cannot leave leads.")
    details = ContactDetails(
        email=submission.email,
        name=submission.name,
        phone=submission.phone,
        company=submission.company,
        preferred_contact_time=submission.preferred_contact_time,
        consent_marketing=submission.consent_marketing,
        consent_text=consent_text,
    )
    prompt = db.session.get(ContactPrompt, submission.prompt_id) if submission.prompt_id else None
    if prompt is not None and visit is not None and prompt.visitor_id == visit.visitor.id:
        mark_prompt(prompt, "submitted", ctx.now)
    visitor_id, live = visit.visitor.id if visit else None, live_rules()
    score, level = stored_visitor_score(visitor_id, live)
    capture_scored_lead(visit, details, submission.interaction_id, ctx.now, live)
    return ContactAnswer(visitor_id, score, level, submission.email, submission.name)
