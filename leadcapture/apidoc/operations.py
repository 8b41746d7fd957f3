"""The public endpoints, each with the models of what it takes and what it answers."""

from dataclasses import dataclass, field

from pydantic import BaseModel, Field, create_model

from leadcapture.apidoc import models as m
from leadcapture.cta.registry import TOOLS
from leadcapture.cta.tool import Tool

JSON = "application/json"
MULTIPART = "multipart/form-data"
# Errors every JSON-body endpoint can answer: malformed, too large, not JSON, invalid, rate limited.
BODY_ERRORS = (400, 413, 415, 422, 429)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    summary: str
    tag: str
    description: str
    # status -> (model, description)
    answers: dict[int, tuple[type[BaseModel], str]]
    errors: tuple[int, ...] = ()
    # media type -> model
    body: dict[str, type[BaseModel]] = field(default_factory=dict)
    # (name, annotation, description) of each path parameter
    path_parameters: tuple[tuple[str, object, str], ...] = ()
    security: tuple[str, ...] = ()


def operations() -> list[Operation]:
    """Every public endpoint, in the order the document lists them."""
    return [
        Operation(
            "post",
            "/api/v1/events",
            "postEvents",
            "Record a batch of behaviour events",
            "tracking",
            "From the JavaScript tracker; another site's page sends a site API key.",
            {202: (m.EventsAccepted, "Accepted; events that failed validation are listed in rejected.")},
            (400, 401, 413, 415, 422, 429),
            {JSON: m.EventBatch},
            security=("siteApiKey", "siteApiKeyQuery"),
        ),
        Operation(
            "get",
            "/api/v1/events/config",
            "getTrackerConfig",
            "The tracker's settings: the business-impact table",
            "tracking",
            "The JavaScript tracker sends high-impact events at once; it reads the table here (cached"
            " by browsers for a minute).",
            {200: (m.TrackerConfig, "The table in force.")},
            (429,),
        ),
        Operation(
            "get",
            "/api/v1/tools",
            "listTools",
            "List the CTA tools",
            "tools",
            "Each tool with its endpoint, its HTML page and the JSON Schema of its input.",
            {200: (m.ToolList, "The tools.")},
            (429,),
        ),
        *(_tool_operation(info) for info in TOOLS.values()),
        Operation(
            "post",
            "/api/v1/leads",
            "postLead",
            "Leave contact details",
            "leads",
            "Creates the lead for the email, or links the visitor to the lead that has it (whose stored"
            " name, phone and company a submission never overwrites). The answer is the same either way.",
            {201: (m.LeadAccepted, "Accepted, whether the email was new or known.")},
            (400, 403, 413, 415, 422, 429),
            {JSON: m.LeadRequest},
        ),
        Operation(
            "post",
            "/api/v1/prompts",
            "requestPrompt",
            "Ask whether a feedback prompt may show now",
            "prompts",
            "The server keeps the frequency caps: each prompt once a visit, a few a visit at most, none for"
            " days after the visitor sent feedback or dismissed a prompt, one on screen at a time.",
            {
                201: (m.PromptShown, "Show this prompt."),
                200: (m.PromptRefused, "Show none now."),
            },
            BODY_ERRORS,
            {JSON: m.PromptRequest},
        ),
        Operation(
            "post",
            "/api/v1/prompts/{prompt_id}/{action}",
            "answerPrompt",
            "Report what the visitor did with a feedback prompt or the contact form",
            "prompts",
            "abandoned: the page closed with the prompt half-filled; closed: with it untouched. A dismissal"
            " keeps prompts away for a while. navigator.sendBeacon's bodies (text/plain JSON, form data,"
            " none) are taken too.",
            {200: (m.PromptAnswered, "Recorded.")},
            (400, 404, 413, 415, 422, 429),
            {JSON: m.Visitor},
            (
                ("prompt_id", m.PromptId, "The prompt_id of a tool use's answer."),
                ("action", m.PromptAction, "What the visitor did."),
            ),
        ),
        Operation(
            "post",
            "/api/v1/feedback",
            "postFeedback",
            "Rate the experience",
            "feedback",
            "An overall rating with optional dimension ratings, answers and a comment, tied to the visitor's"
            " session and lead; an email links it to that person's lead (one per email; its stored details"
            " are never overwritten). The answer gives the comment's sentiment.",
            {201: (m.FeedbackAccepted, "Stored.")},
            (400, 403, 413, 415, 422, 429),
            {JSON: m.FeedbackRequest},
        ),
        Operation(
            "post",
            "/api/v1/privacy/requests",
            "requestPrivacyLink",
            "Ask for a copy of your data, or for its erasure",
            "privacy",
            "The same answer for any valid address, known or not. A link to confirm the request goes to "
            "the address by email; it works for 24 hours, once.",
            {202: (m.PrivacyRequestAccepted, "Accepted.")},
            BODY_ERRORS,
            {JSON: m.PrivacyRequest},
        ),
        Operation(
            "get",
            "/api/openapi.json",
            "getOpenApi",
            "This document",
            "meta",
            "OpenAPI 3.1, generated from the models the API is checked against.",
            {200: (m.OpenApiDocument, "The OpenAPI document.")},
        ),
    ]


def _tool_operation(info: type[Tool]) -> Operation:
    name = "".join(part.title() for part in info.name.split("_"))
    body = {JSON: _request_model(info, f"{name}Request", (m.Visit, m.TimeOnTool))}
    if info.upload_field:
        upload = {info.upload_field: (bytes, Field(description="The file."))}
        consents = {
            flag: (bool, Field(False, description=m.CONSENT_FLAGS[flag])) for flag in info.consent_flags
        }
        mixins = (m.Page, m.TimeOnTool)
        body[MULTIPART] = _request_model(info, f"{name}Upload", mixins, **upload, **consents)
    answer = create_model(f"{name}Response", __base__=m.ToolUse, result=(info.result_model, ...))
    errors = (*BODY_ERRORS, 409) if info.conflicts else BODY_ERRORS
    return Operation(
        "post",
        f"/api/v1/tools/{info.name}",
        f"use{name}",
        info.title,
        "tools",
        info.summary,
        {200: (answer, "The result, the visitor's score and whether to show the contact form.")},
        tuple(sorted(errors)),
        body,
    )


def _request_model(
    info: type[Tool], name: str, mixins: tuple[type[BaseModel], ...], **fields
) -> type[BaseModel]:
    """The tool's input model with the fields the API reads beside it."""
    return create_model(name, __base__=(info.input_model, *mixins), __doc__=info.summary, **fields)
