"""The treatment recommendation: free text in, ranked treatments out; its intent (procedures,
urgency, budget) is what gets scored."""

import hashlib

from flask import current_app
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict

from leadcapture.cta.inputs import UPLOAD_ERROR_STATUS, catalog_and_rules, validated
from leadcapture.cta.outcome import ToolOutcome, complete_tool_use
from leadcapture.cta.results import Suggestion
from leadcapture.cta.tool import Tool, form_flag
from leadcapture.errors import InputError
from leadcapture.tools import recommendation
from leadcapture.tools.attachments import Attachment, AttachmentError, check_attachment, missing_consent
from leadcapture.tools.cost_calculator import BudgetRange, Urgency
from leadcapture.tools.intent import interaction_data
from leadcapture.tracking import VisitContext


class Recommendation(Suggestion):
    relevance: float = Field(ge=0, le=1)


class Intent(BaseModel):
    """What the free text said; a key is present only when the text said it."""

    procedures: list[str] | None = None
    concerns: list[str] | None = None
    urgency: Urgency | None = None
    budget_amount: float | None = None
    budget_range: BudgetRange | None = None
    budget_currency: str | None = None


class RecommendationResult(BaseModel):
    recommendations: list[Recommendation]
    intent: Intent


class AiRecommendation(Tool):
    name = "ai_recommendation"
    title = "Treatment recommendation"
    summary = "Describe your concerns in your own words and get matching treatments."
    url_prefix = "/tools/recommendation"
    template = "tools/ai_recommendation.html"
    input_model = recommendation.RecommendationInput
    result_model = RecommendationResult
    upload_field = "attachment"
    consent_flags = ("consent_photo_processing", "consent_voice_processing")

    @classmethod
    def parse_form(cls, form: MultiDict) -> dict:
        return {"query": form.get("query", ""), **{flag: form_flag(form, flag) for flag in cls.consent_flags}}

    @classmethod
    def page_context(cls) -> dict:
        return {"media_retention_days": current_app.config["MEDIA_RETENTION_DAYS"]}

    @classmethod
    def use(
        cls, ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
    ) -> ToolOutcome:
        """Rank treatments for free text. An optional photo or voice note (each with explicit
        consent) is kept privately for staff, linked to the visitor and this use."""
        catalog, live = catalog_and_rules()
        inp = validated(recommendation.RecommendationInput, data, catalog)
        attachment = _checked_attachment(upload, data) if upload is not None else None
        result = recommendation.recommend(inp, catalog)
        recorded = interaction_data(inp.query, result["intent"])
        if attachment is not None:
            recorded["attachment"] = _described(attachment)
        return complete_tool_use(ctx, cls.name, recorded, result, time_on_tool, live=live, media=attachment)


TOOL = AiRecommendation


def _checked_attachment(upload: bytes, data: dict) -> Attachment:
    try:
        attachment = check_attachment(upload)
    except AttachmentError as error:
        raise InputError(
            {"attachment": str(error)}, status=UPLOAD_ERROR_STATUS.get(error.code, 422)
        ) from None
    missing = missing_consent(attachment, data)
    if missing:
        raise InputError(missing)
    return attachment


def _described(attachment: Attachment) -> dict:
    """What the tool use records of its upload (the file is in ``visitor_media``); the digest tells
    another file sent with the same text from a double submission of the same one."""
    return {
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "bytes": len(attachment.data),
        "sha256": hashlib.sha256(attachment.data).hexdigest(),
    }
