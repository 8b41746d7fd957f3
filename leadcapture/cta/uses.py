"""One service per CTA tool: validate its input, compute its result, complete the tool use."""

from flask import current_app

from leadcapture.attachments import store_attachment
from leadcapture.cta.inputs import catalog_and_rules, validated
from leadcapture.cta.outcome import ToolOutcome, complete_tool_use
from leadcapture.errors import InputError
from leadcapture.tools import cost_calculator, face_analysis, recommendation
from leadcapture.tools.attachments import Attachment, AttachmentError, check_attachment
from leadcapture.tools.intent import interaction_data
from leadcapture.tools.photo_retention import retain_photo
from leadcapture.tools.photos import PhotoError, load_photo
from leadcapture.tracking import VisitContext

UPLOAD_ERROR_STATUS = {"too_large": 413, "unsupported_format": 415}


def use_ai_recommendation(
    ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
) -> ToolOutcome:
    """Rank treatments for free text; its intent (procedures, urgency, budget) is what gets scored.
    An optional photo (with explicit consent) or voice note is kept privately for staff."""
    catalog, live = catalog_and_rules()
    inp = validated(recommendation.RecommendationInput, data, catalog)
    attachment = _checked_attachment(upload, data) if upload is not None else None
    result = recommendation.recommend(inp, catalog)
    recorded = interaction_data(inp.query, result["intent"])
    if attachment is not None:
        recorded["attachment"] = store_attachment(attachment)
    return complete_tool_use(ctx, "ai_recommendation", recorded, result, time_on_tool, live=live)


def _checked_attachment(upload: bytes, data: dict) -> Attachment:
    try:
        attachment = check_attachment(upload)
    except AttachmentError as error:
        raise InputError(
            {"attachment": str(error)}, status=UPLOAD_ERROR_STATUS.get(error.code, 422)
        ) from None
    if attachment.kind == "photo" and data.get("consent_photo_processing") is not True:
        raise InputError({"consent_photo_processing": face_analysis.CONSENT_MESSAGE})
    return attachment


def use_cost_calculator(ctx: VisitContext, data: dict, time_on_tool: int | None = None) -> ToolOutcome:
    """Estimate the cost of the chosen procedures."""
    catalog, live = catalog_and_rules()
    inp = validated(cost_calculator.CostCalculatorInput, data, catalog)
    result = cost_calculator.calculate(inp, catalog)
    recorded = inp.model_dump(exclude_none=True) | {
        "total_low": result["total_low"],
        "total_high": result["total_high"],
    }
    return complete_tool_use(ctx, "cost_calculator", recorded, result, time_on_tool, live=live)


def use_face_analysis(
    ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
) -> ToolOutcome:
    """Check an optional photo and suggest treatments for the concerns; only derived results are
    recorded, and the photo itself is kept only when the retention setting says so."""
    catalog, live = catalog_and_rules()
    inp = validated(face_analysis.FaceAnalysisInput, data, catalog, has_photo=upload is not None)
    photo = None
    if upload is not None:
        try:
            photo = load_photo(upload)
        except PhotoError as error:
            raise InputError({"photo": str(error)}, status=UPLOAD_ERROR_STATUS.get(error.code, 422)) from None
    result = face_analysis.run(inp.concerns, photo, catalog)
    if photo is not None:
        config = current_app.config
        retain_photo(photo.clean_bytes, config["PHOTO_FOLDER"], config["PHOTO_RETENTION_DAYS"])
    recorded = {
        "concerns": inp.concerns,
        "photo": photo is not None,
        "face_found": result["face_found"],
        "photo_ok": (result["photo_quality"] or {}).get("ok"),
    }
    return complete_tool_use(ctx, "face_analysis", recorded, result, time_on_tool, live=live)
