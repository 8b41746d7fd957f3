"""The face-analysis CTA tool: an optional photo's quality plus treatments for self-reported concerns.

The photo is only checked for being usable (a face found, lighting, focus, framing); the treatment
suggestions come from the concerns the visitor selected, never from the photo.
"""

from collections.abc import Sequence

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from leadcapture.catalog.defaults import CONCERNS
from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.tools.photo_quality import analyse_photo
from leadcapture.tools.photos import Photo, load_photo

MAX_CONCERNS = len(CONCERNS)
MAX_SUGGESTIONS = 3
CONSULTATION = "skin_consultation"
CONSENT_MESSAGE = "Please agree to the processing of your photo, or send your concerns without a photo."


class FaceAnalysisInput(BaseModel):
    """The tool's input besides the photo file.

    Validate with ``FaceAnalysisInput.model_validate(data, context={"has_photo": True})`` when a photo
    is sent: consent is then required (GDPR art. 9 explicit consent for a face photo).
    """

    concerns: list[str] = Field(default_factory=list, max_length=MAX_CONCERNS)
    consent_photo_processing: bool = Field(default=False, validate_default=True)

    @field_validator("concerns")
    @classmethod
    def _known_and_unique(cls, concerns: list[str]) -> list[str]:
        unknown = [concern for concern in concerns if concern not in CONCERNS]
        if unknown:
            raise ValueError(f"Unknown concern {unknown[0]!r}; choose from: {', '.join(CONCERNS)}.")
        if len(set(concerns)) != len(concerns):
            raise ValueError("Each concern may be selected only once.")
        return concerns

    @field_validator("consent_photo_processing")
    @classmethod
    def _consent_when_photo(cls, consent: bool, info: ValidationInfo) -> bool:
        if not consent and (info.context or {}).get("has_photo"):
            raise ValueError(CONSENT_MESSAGE)
        return consent


def run(concerns: Sequence[str], photo: bytes | Photo | None, catalog: Sequence[ProcedureInfo]) -> dict:
    """The tool result; ``photo`` is the upload's bytes, an already loaded ``Photo`` (when the caller
    keeps the clean copy), or None. Raises ``PhotoError`` for a photo we refuse."""
    result = {"face_found": None, "photo_quality": None, "suggestions": suggest(concerns, catalog)}
    if photo is not None:
        quality = analyse_photo(load_photo(photo) if isinstance(photo, bytes) else photo)
        result.update(face_found=quality["faces"] >= 1, photo_quality=quality)
    return result


def suggest(concerns: Sequence[str], catalog: Sequence[ProcedureInfo]) -> list[dict]:
    """Up to three procedures, those treating more of the concerns first, then in catalog order;
    a skin consultation when no concern is selected or none is treated."""
    ranked = sorted(
        ((procedure, [c for c in concerns if c in procedure.concerns]) for procedure in catalog),
        key=lambda pair: -len(pair[1]),
    )
    suggestions = [_suggestion(procedure, treated) for procedure, treated in ranked if treated]
    if suggestions:
        return suggestions[:MAX_SUGGESTIONS]
    return [_suggestion(procedure, []) for procedure in catalog if procedure.id == CONSULTATION]


def _suggestion(procedure: ProcedureInfo, treated: list[str]) -> dict:
    if treated:
        why = f"Treats {_join([CONCERNS.get(c, c).lower() for c in treated])}, which you selected."
    else:
        why = "A specialist assesses your skin and plans the right treatment with you."
    return {"procedure": procedure.id, "name": procedure.name, "why": why}


def _join(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"
