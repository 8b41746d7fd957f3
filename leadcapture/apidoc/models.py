"""The public API's bodies besides the tool inputs and results, as pydantic models for the OpenAPI
document (the endpoints parse their bodies themselves; these describe what they take and give)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from leadcapture.cta.contact_form import LeadSubmission
from leadcapture.experiments.changes import RESULT_LAYOUTS
from leadcapture.feedback.submission import FeedbackSubmission
from leadcapture.feedback_prompts.caps import REFUSALS
from leadcapture.feedback_prompts.lifecycle import PAGE_ACTIONS
from leadcapture.feedback_prompts.offers import PAGE_PROMPTS
from leadcapture.feedback_prompts.settings import ENGAGEMENT_LEVELS
from leadcapture.models import SENTIMENT_LABELS
from leadcapture.privacy.self_service import LinkRequest
from leadcapture.scoring.vocabulary import CONTACT_FIELDS
from leadcapture.tracking.events import (
    EVENT_TYPES,
    MAX_DURATION_MS,
    MAX_NAME_LENGTH,
    MAX_PROPERTIES,
    MAX_URL_LENGTH,
)
from leadcapture.tracking.identity import VISITOR_ID_PATTERN
from leadcapture.tracking.impact import IMPACTS

# Whole seconds a visitor spent on a tool, as clients may report it.
MAX_TIME_ON_TOOL = 24 * 3600
# Prompts are identified by 32 hex digits (``leadcapture.models.types.new_id``).
PROMPT_ID_PATTERN = r"^[0-9a-f]{32}$"
Level = Literal["low", "medium", "high"]
PromptId = Annotated[str, StringConstraints(pattern=PROMPT_ID_PATTERN)]
PromptAction = Literal[PAGE_ACTIONS]


class Visitor(BaseModel):
    """Who the visitor is, for a client without the ``lc_vid`` cookie."""

    visitor_id: str | None = Field(None, pattern=VISITOR_ID_PATTERN.pattern)


class Consent(BaseModel):
    """What the visitor said about tracking, for a client without the ``lc_consent`` cookie."""

    analytics_consent: bool | None = Field(
        None,
        description="The visitor allowed analytics (true) or not (false). Under TRACKING_CONSENT=required "
        "nothing is tracked without true (or the lc_consent cookie saying analytics); a visitor's own "
        "lc_consent=necessary is never overridden.",
    )


class Page(Visitor, Consent):
    page_url: str | None = None
    referrer: str | None = None


class Visit(Page):
    utm: dict[str, str] | None = Field(None, description="utm_source, utm_medium, utm_campaign...")


class TimeOnTool(BaseModel):
    time_on_tool_seconds: int | None = Field(None, ge=0, le=MAX_TIME_ON_TOOL)


# What each consent flag of an upload is for.
CONSENT_FLAGS = {
    "consent_photo_processing": "Explicit consent; required with a photo.",
    "consent_voice_processing": "Explicit consent; required with a voice note.",
}


class Event(BaseModel):
    type: Literal[tuple(sorted(EVENT_TYPES))]
    name: str | None = Field(None, max_length=MAX_NAME_LENGTH)
    properties: dict[str, Any] | None = Field(None, max_length=MAX_PROPERTIES)
    page_url: str | None = Field(None, max_length=MAX_URL_LENGTH)
    timestamp: datetime | float | None = Field(None, description="ISO-8601, or epoch milliseconds.")
    time_on_page_ms: float | None = Field(
        None, ge=0, le=MAX_DURATION_MS, description="How long the page had been open, in milliseconds."
    )
    session_duration_ms: float | None = Field(
        None, ge=0, le=MAX_DURATION_MS, description="How long the visit had lasted, in milliseconds."
    )


class EventBatch(Visit):
    """Events that fail validation are reported in ``rejected`` and do not stop the others."""

    events: list[Event]


class LeadRequest(LeadSubmission, Visitor, Consent):
    pass


class FeedbackRequest(FeedbackSubmission, Visitor, Consent):
    """Without analytics consent the feedback is kept with no visitor or session."""


class SentimentScore(BaseModel):
    label: Literal[SENTIMENT_LABELS]
    score: float = Field(ge=-1, le=1, description="VADER's compound score; 0 without a comment.")


class FeedbackAccepted(BaseModel):
    feedback_id: str
    sentiment: SentimentScore


class PrivacyRequest(LinkRequest):
    """Who asks (any address: the answer never tells whether we know it), and for what."""


class PrivacyRequestAccepted(BaseModel):
    accepted: Literal[True]


class ErrorDetail(BaseModel):
    code: str = Field(examples=["validation_failed"])
    message: str
    fields: dict[str, str] = Field(description="A message for each bad field, by field path.")


class Error(BaseModel):
    error: ErrorDetail


class ScoreItem(BaseModel):
    rule: str
    points: int


EXPERIMENTS = Field(
    description="{experiment key: variant} of the A/B experiments whose variant this answer used "
    "(an exposure was logged for each); empty when none."
)


class ContactFormCopy(BaseModel):
    headline: str
    button: str


class ToolUse(BaseModel):
    """A tool use's answer with the visitor's own score; the ids are null, and nothing is scored,
    for staff, bots and visitors who have not allowed analytics (see ``analytics_consent``)."""

    visitor_id: str | None
    session_id: str | None
    interaction_id: str | None
    lead_score: int = Field(ge=0, le=100)
    engagement_level: Level
    score_breakdown: list[ScoreItem]
    rule_set_version: int | None
    show_contact_form: bool
    form_fields: list[Literal[CONTACT_FIELDS]]
    prompt_id: str | None = Field(description="Report what the visitor did with the form under this id.")
    form: ContactFormCopy | None = Field(description="The contact form's copy, when it is to be shown.")
    result_layout: Literal[RESULT_LAYOUTS] = Field(
        description="standard, or summary_first: the headline figure and the next step above the details."
    )
    experiments: dict[str, str] = EXPERIMENTS


class LeadAccepted(BaseModel):
    """The same for a new and a known email: it never tells whether a lead exists."""

    accepted: Literal[True]
    visitor_id: str
    lead_score: int = Field(ge=0, le=100, description="The submitting visitor's own score.")
    engagement_level: Level


class EventRejection(BaseModel):
    index: int
    error: str


class EventsAccepted(BaseModel):
    accepted: int
    rejected: list[EventRejection]
    visitor_id: str | None = Field(None, description="Present when events were stored.")
    analytics_consent: bool | None = Field(
        None,
        description="false (and accepted 0) when nothing was stored: the visitor has not allowed analytics.",
    )


class TrackerImpactRule(BaseModel):
    type: Literal[tuple(sorted(EVENT_TYPES))]
    name: str = Field(description="The event's name, or a pattern: * stands for any characters.")
    impact: Literal[IMPACTS]


class TrackerImpactTable(BaseModel):
    """For one event, the most specific matching rule wins: an exact name, then the pattern with the
    most characters besides *, then the higher impact; no rule: ``default``."""

    default: Literal[IMPACTS]
    rules: list[TrackerImpactRule]


class TrackerConfig(BaseModel):
    impact: TrackerImpactTable


class PromptAnswered(BaseModel):
    prompt_id: PromptId
    status: PromptAction


class PromptRequest(Visitor, Consent):
    type: Literal[PAGE_PROMPTS]
    interaction_id: str | None = Field(
        None, description="The tool use a tool_result prompt is about (required)."
    )
    booking_id: str | None = Field(
        None, description="The booking an after_booking prompt is about (required)."
    )
    page_url: str | None = None


class PromptMessage(BaseModel):
    """Written for the session's engagement level."""

    greeting: str
    ask: str
    question: str


class PromptShown(BaseModel):
    """Show it now; it is logged as shown. Report what the visitor does with it under prompt_id."""

    show: Literal[True]
    prompt_id: PromptId
    type: Literal[PAGE_PROMPTS]
    engagement_level: Literal[ENGAGEMENT_LEVELS]
    message: PromptMessage
    experiments: dict[str, str] = EXPERIMENTS


class PromptRefused(BaseModel):
    """Not now: the caps (or the settings) say no."""

    show: Literal[False]
    reason: Literal[REFUSALS]


class ToolDescription(BaseModel):
    name: str
    title: str
    description: str
    url: str
    page: str
    input_schema: dict[str, Any] = Field(description="JSON Schema of the tool's input.")


class ToolList(BaseModel):
    tools: list[ToolDescription]


class OpenApiDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
