"""Sample photos for the face-analysis tests, made in memory from scikit-image's bundled astronaut."""

import io
import struct
import zlib

import numpy as np
import skimage.data
from PIL import Image, ImageEnhance, ImageFilter


def astronaut() -> Image.Image:
    """A real face photo (512 x 512, face about 18 % of the width), shipped inside scikit-image."""
    return Image.fromarray(skimage.data.astronaut())


def encode(image: Image.Image, fmt: str = "JPEG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def gradient(width: int = 640, height: int = 480) -> Image.Image:
    row = np.linspace(0, 255, width, dtype=np.uint8)
    return Image.fromarray(np.tile(row, (height, 1))).convert("RGB")


def darkened(image: Image.Image, factor: float = 0.3) -> Image.Image:
    return ImageEnhance.Brightness(image).enhance(factor)


def blurred(image: Image.Image, radius: float = 3) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def on_canvas(image: Image.Image, side: int) -> Image.Image:
    """The image in the middle of a big gray canvas: the same face, much smaller in the photo."""
    canvas = Image.new("RGB", (side, side), (128, 128, 128))
    canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    return canvas


def png_header_only(width: int, height: int) -> bytes:
    """A PNG claiming a huge size (a decompression bomb's header) with a tiny body."""
    png = encode(Image.new("L", (8, 8)), "PNG")
    ihdr = struct.pack(">II", width, height) + png[24:29]
    chunk = b"IHDR" + ihdr
    return png[:8] + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk)) + png[33:]
