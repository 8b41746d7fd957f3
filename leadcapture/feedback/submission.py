"""What a visitor submits as feedback (``POST /api/v1/feedback`` and the HTML form), validated."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, ValidationInfo, field_validator

from leadcapture.contact_fields import blank_is_absent, email_field
from leadcapture.models import (
    EASE_OF_USE_CHOICES,
    FEEDBACK_CONTEXTS,
    HELPFULNESS_CHOICES,
    MAX_COMMENT_LENGTH,
    RATING_DIMENSIONS,
    WOULD_BOOK_CHOICES,
)
from leadcapture.scoring.vocabulary import TOOLS

# SPEC names the experience rating "ux".
DIMENSION_ALIASES = {"ux": "experience"}


def rating_value(value: object) -> int:
    """A 1-5 rating as a whole number (from a JSON number or a form's text); ValueError otherwise."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise ValueError("Rate from 1 to 5.")
    return value


def dimension_names(value: object) -> object:
    """The dimension ratings with SPEC's aliases ("ux") under our names."""
    if not isinstance(value, dict):
        return value
    return {DIMENSION_ALIASES.get(key, key): rating for key, rating in value.items()}


Rating = Annotated[int, Field(ge=1, le=5), BeforeValidator(rating_value)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Comment = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_COMMENT_LENGTH)]
Id = Annotated[str, StringConstraints(max_length=32)]


class FeedbackSubmission(BaseModel):
    """SPEC's ``POST /api/v1/feedback`` body (and the HTML feedback form's fields)."""

    rating: Rating = Field(description="The overall rating, 1 (poor) to 5 (excellent).")
    ratings: Annotated[dict[Literal[RATING_DIMENSIONS], Rating] | None, BeforeValidator(dimension_names)] = (
        Field(None, description='Optional 1-5 ratings of "experience" (or "ux"), "tool" and "ease_of_use".')
    )
    ease_of_use: Literal[EASE_OF_USE_CHOICES] | None = None
    helpfulness: Literal[HELPFULNESS_CHOICES] | None = None
    would_book: Literal[WOULD_BOOK_CHOICES] | None = Field(None, description="Would you book a consultation?")
    comment: Comment | None = Field(None, description=f"At most {MAX_COMMENT_LENGTH:,} characters.")
    context: Literal[FEEDBACK_CONTEXTS] = Field(description="Where the feedback was asked for.")
    tool: Literal[TOOLS] | None = Field(None, description="The rated tool, when no interaction_id says it.")
    interaction_id: Id | None = Field(
        None, description="The rated tool use (a tool answer's interaction_id)."
    )
    prompt_id: Id | None = Field(None, description="The prompt that asked.")
    name: Text | None = None
    email: str | None = Field(None, description="Links the feedback to the person's lead (one per email).")
    organisation: Text | None = None
    follow_up_consent: bool = Field(False, description="The clinic may email about this feedback.")

    _blank_is_absent = field_validator(
        "comment", "name", "email", "organisation", "interaction_id", "prompt_id", mode="before"
    )(blank_is_absent)

    @field_validator("email")
    @classmethod
    def _email(cls, email: str | None) -> str | None:
        return None if email is None else email_field(cls, email)

    @field_validator("follow_up_consent")
    @classmethod
    def _follow_up_needs_an_email(cls, consent: bool, info: ValidationInfo) -> bool:
        if consent and not info.data.get("email"):
            raise ValueError("Give your email address so the clinic can follow up.")
        return consent
