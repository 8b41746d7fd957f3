"""Optional uploads with a recommendation request: a photo or a voice note, checked by content."""

from dataclasses import dataclass

import puremagic

from leadcapture.tools.photos import PhotoError, load_photo

MAX_VOICE_BYTES = 10 * 1024 * 1024
# What browsers' recorders and phones produce; identified from the bytes, never the file name.
VOICE_FORMATS = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".ogg": "audio/ogg",
    ".webm": "audio/webm",
    ".wav": "audio/wav",
}


UNSUPPORTED = "Attach a photo (JPEG, PNG or WebP) or a voice note (MP3, M4A, Ogg, WebM or WAV)."
# Health data (GDPR art. 9): each kind is kept only with the visitor's explicit consent, given by
# this flag of the request.
CONSENTS = {
    "recommendation_photo": (
        "consent_photo_processing",
        "Please agree to the processing of your photo, or send your question without a photo.",
    ),
    "voice_note": (
        "consent_voice_processing",
        "Please agree to the processing of your voice note, or send your question without one.",
    ),
}


class AttachmentError(ValueError):
    """An upload we refuse; ``code`` as for photos (``too_large``, ``unsupported_format``, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Attachment:
    """A checked upload to keep: its media ``kind`` (``face_photo``, ``recommendation_photo`` or
    ``voice_note``) and the bytes to keep (a photo without metadata)."""

    kind: str
    content_type: str
    extension: str
    data: bytes


def check_attachment(data: bytes) -> Attachment:
    """A photo (JPEG/PNG/WebP, re-encoded without metadata) or a voice note (MP3, M4A, Ogg,
    WebM or WAV up to 10 MB); AttachmentError for anything else."""
    if not data:
        raise AttachmentError("empty", "The file is empty.")
    extension = _identify(data)
    if extension in VOICE_FORMATS:
        if len(data) > MAX_VOICE_BYTES:
            raise AttachmentError("too_large", "The voice note is larger than 10 MB.")
        return Attachment("voice_note", VOICE_FORMATS[extension], extension, data)
    try:
        photo = load_photo(data)
    except PhotoError as error:
        message = UNSUPPORTED if error.code == "unsupported_format" else str(error)
        raise AttachmentError(error.code, message) from None
    return Attachment("recommendation_photo", "image/jpeg", ".jpg", photo.clean_bytes)


def missing_consent(attachment: Attachment, data: dict) -> dict[str, str]:
    """The consent flag ``attachment`` needs and ``data`` lacks, with what to tell the visitor."""
    flag, message = CONSENTS[attachment.kind]
    return {} if data.get(flag) is True else {flag: message}


def _identify(data: bytes) -> str | None:
    try:
        return puremagic.from_string(data[:4096])
    except puremagic.PureError:
        return None
