"""The face-photo check: explicit consent, an optional photo and concerns in, suggestions out; only
derived results are recorded, and the photo itself is kept only when the retention setting says so."""

from typing import Literal

from flask import current_app
from pydantic import BaseModel, Field
from werkzeug.datastructures import MultiDict

from leadcapture.cta.inputs import UPLOAD_ERROR_STATUS, catalog_and_rules, validated
from leadcapture.cta.outcome import ToolOutcome, complete_tool_use
from leadcapture.cta.results import Suggestion
from leadcapture.cta.tool import Tool, form_flag
from leadcapture.errors import InputError
from leadcapture.tools import face_analysis
from leadcapture.tools.attachments import Attachment
from leadcapture.tools.photos import Photo, PhotoError, load_photo
from leadcapture.tracking import VisitContext


class Resolution(BaseModel):
    width: int
    height: int


class FaceSize(BaseModel):
    width_share: float
    area_share: float
    judgement: Literal["good", "too_small", "too_close"]


class PhotoQuality(BaseModel):
    resolution: Resolution
    faces: int = Field(ge=0)
    brightness: float
    overexposed: float
    lighting: Literal["good", "too_dark", "too_bright"]
    sharpness: float
    focus: Literal["sharp", "blurry"]
    face_size: FaceSize | None
    ok: bool
    tips: list[str]


class FaceAnalysisResult(BaseModel):
    """``face_found`` and ``photo_quality`` are null when no photo was sent."""

    face_found: bool | None
    photo_quality: PhotoQuality | None
    suggestions: list[Suggestion]


class FaceAnalysis(Tool):
    name = "face_analysis"
    title = "Face photo check"
    summary = "Check a photo and get treatment suggestions for the concerns you select."
    url_prefix = "/tools/face-analysis"
    template = "tools/face_analysis.html"
    input_model = face_analysis.FaceAnalysisInput
    result_model = FaceAnalysisResult
    upload_field = "photo"
    consent_flags = ("consent_photo_processing",)

    @classmethod
    def parse_form(cls, form: MultiDict) -> dict:
        return {
            "concerns": form.getlist("concerns"),
            "consent_photo_processing": form_flag(form, "consent_photo_processing"),
        }

    @classmethod
    def use(
        cls, ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
    ) -> ToolOutcome:
        catalog, live = catalog_and_rules()
        inp = validated(face_analysis.FaceAnalysisInput, data, catalog, has_photo=upload is not None)
        photo = None
        if upload is not None:
            try:
                photo = load_photo(upload)
            except PhotoError as error:
                status = UPLOAD_ERROR_STATUS.get(error.code, 422)
                raise InputError({"photo": str(error)}, status=status) from None
        result = face_analysis.run(inp.concerns, photo, catalog)
        recorded = {
            "concerns": inp.concerns,
            "photo": photo is not None,
            "face_found": result["face_found"],
            "photo_ok": (result["photo_quality"] or {}).get("ok"),
        }
        media = _kept(photo)
        return complete_tool_use(ctx, cls.name, recorded, result, time_on_tool, live=live, media=media)


TOOL = FaceAnalysis


def _kept(photo: Photo | None) -> Attachment | None:
    """The clean copy of the photo to keep for staff, when the retention setting keeps photos."""
    if photo is None or current_app.config["PHOTO_RETENTION_DAYS"] <= 0:
        return None
    return Attachment("face_photo", "image/jpeg", ".jpg", photo.clean_bytes)
