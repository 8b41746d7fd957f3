"""Uploaded face photos: checked by content, decoded safely, stripped of every piece of metadata."""

import io
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
CLEAN_JPEG_QUALITY = 90


class PhotoError(ValueError):
    """A photo we refuse; ``str()`` is a message for the visitor, ``code`` is for the caller.

    Codes: ``too_large`` (HTTP 413), ``unsupported_format`` (415); ``empty``, ``too_many_pixels``,
    ``damaged`` (422).
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, eq=False)
class Photo:
    """A decoded, upright photo: RGB pixels (height x width x 3, uint8) and the format it came in."""

    pixels: np.ndarray
    format: str

    @property
    def width(self) -> int:
        return self.pixels.shape[1]

    @property
    def height(self) -> int:
        return self.pixels.shape[0]

    @cached_property
    def clean_bytes(self) -> bytes:
        """A JPEG re-encoded from the pixels alone: no EXIF, GPS, XMP, ICC or comments."""
        buffer = io.BytesIO()
        Image.fromarray(self.pixels).save(buffer, "JPEG", quality=CLEAN_JPEG_QUALITY)
        return buffer.getvalue()


def load_photo(data: bytes) -> Photo:
    """Validate and decode an upload; raise ``PhotoError`` with a visitor-facing message."""
    if not data:
        raise PhotoError("empty", "The photo file is empty.")
    if len(data) > MAX_BYTES:
        raise PhotoError("too_large", "The photo is larger than 8 MB. Please upload a smaller photo.")
    image = _decode(data)
    return Photo(pixels=np.asarray(_to_rgb(image)), format=image.format)


def _decode(data: bytes) -> Image.Image:
    """Identify the format from the content, refuse huge images before decoding, decode and turn upright."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except UnidentifiedImageError:
        raise PhotoError("unsupported_format", "Please upload a JPEG, PNG or WebP photo.") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except (OSError, SyntaxError, ValueError):
        raise PhotoError("damaged", "The photo file is damaged or incomplete. Please try another.") from None
    return image


def _too_many_pixels() -> PhotoError:
    limit = MAX_PIXELS // 1_000_000
    return PhotoError(
        "too_many_pixels", f"The photo has more than {limit} megapixels. Please upload a smaller one."
    )


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB, with any transparency flattened onto white (not the black a plain conversion gives)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image.convert("RGB")
