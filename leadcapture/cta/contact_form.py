"""The contact form's service (HTML or JSON submission): validated, then captured as a lead."""

from typing import Annotated

from pydantic import BaseModel, StringConstraints, ValidationError, field_validator

from leadcapture.contact_fields import blank_is_absent, email_field, phone_field
from leadcapture.cta.capture import capture_scored_lead
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.capture import Captured
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import ContactPrompt
from leadcapture.prompts import mark_prompt
from leadcapture.tools.validation import field_errors
from leadcapture.tracking import VisitContext, identify, is_person

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


def submit_contact(ctx: VisitContext, data: object, consent_text: str, phone_region: str = "US") -> Captured:
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
    return capture_scored_lead(visit, details, submission.interaction_id, ctx.now)
