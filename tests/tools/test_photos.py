"""Photo uploads: formats decided by content, limits, damaged files, orientation, metadata stripped."""

import io

import numpy as np
import pytest
from PIL import ExifTags, Image, PngImagePlugin

from leadcapture.tools.photos import MAX_BYTES, PhotoError, load_photo
from tests.tools.photo_samples import astronaut, encode, png_header_only

GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (52.0, 22.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (4.0, 53.0, 41.0),
}
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Jane Doe</rdf:Description></x:xmpmeta>'


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_accepts_jpeg_png_and_webp_by_content(fmt):
    photo = load_photo(encode(astronaut(), fmt))

    assert photo.format == fmt
    assert (photo.width, photo.height) == (512, 512)
    assert photo.pixels.shape == (512, 512, 3)
    assert photo.pixels.dtype == np.uint8


def test_a_jpeg_with_exif_gps_xmp_and_comment_comes_out_clean():
    data = encode(astronaut(), "JPEG", exif=exif_with_gps(), xmp=XMP, comment=b"taken at home")
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"

    clean_bytes = load_photo(data).clean_bytes

    clean = Image.open(io.BytesIO(clean_bytes))
    assert clean.format == "JPEG"
    assert clean.size == (512, 512)
    assert not clean.getexif()
    assert not clean.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "icc_profile", "comment"} & clean.info.keys()
    for marker in (b"Exif", b"PhoneMaker", b"xmpmeta", b"Jane Doe", b"taken at home"):
        assert marker not in clean_bytes


def test_png_text_and_exif_chunks_are_not_carried_over():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Jane Doe")
    data = encode(astronaut(), "PNG", pnginfo=text, exif=exif_with_gps())

    clean_bytes = load_photo(data).clean_bytes

    assert not Image.open(io.BytesIO(clean_bytes)).getexif()
    assert b"Jane Doe" not in clean_bytes
    assert b"PhoneMaker" not in clean_bytes


def test_exif_orientation_is_applied():
    upright = astronaut().crop((0, 0, 512, 400))
    # Stored turned on its side, with the tag saying how to turn it back (as phone cameras do).
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    data = encode(stored, "JPEG", exif=exif_with_gps(orientation=6), quality=95)

    photo = load_photo(data)

    assert (photo.width, photo.height) == (512, 400)
    difference = np.abs(photo.pixels.astype(int) - np.asarray(upright).astype(int)).mean()
    assert difference < 3


def test_transparency_is_flattened_onto_white():
    photo = load_photo(encode(Image.new("RGBA", (64, 64), (0, 0, 0, 0)), "PNG"))

    assert (photo.pixels == 255).all()


def gif() -> bytes:
    return encode(astronaut(), "GIF")


def truncated_jpeg() -> bytes:
    data = encode(astronaut(), "JPEG")
    return data[: len(data) // 2]


def too_large() -> bytes:
    return encode(astronaut(), "JPEG") + b"\0" * MAX_BYTES


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: b"", "empty"),
        (too_large, "too_large"),
        (gif, "unsupported_format"),
        (lambda: encode(astronaut(), "BMP"), "unsupported_format"),
        (lambda: encode(astronaut(), "TIFF"), "unsupported_format"),
        (
            lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
            "unsupported_format",
        ),
        (lambda: b"Just some text in a file renamed to photo.jpg\n", "unsupported_format"),
        (truncated_jpeg, "damaged"),
        (lambda: png_header_only(7_000, 7_000), "too_many_pixels"),
        (lambda: png_header_only(12_000, 10_000), "too_many_pixels"),
        (lambda: png_header_only(30_000, 30_000), "too_many_pixels"),
    ],
    ids=[
        "empty",
        "over-8-MB",
        "gif",
        "bmp",
        "tiff",
        "pdf",
        "text-renamed-jpg",
        "truncated-jpeg",
        "49-megapixels",
        "pillow-bomb-warning",
        "pillow-bomb-error",
    ],
)
def test_refusals_have_a_code_and_a_clear_message(make, code):
    with pytest.raises(PhotoError) as refused:
        load_photo(make())

    assert refused.value.code == code
    message = str(refused.value)
    assert message.endswith(".")
    assert "Traceback" not in message


def test_messages_name_the_limits():
    with pytest.raises(PhotoError, match="8 MB"):
        load_photo(too_large())
    with pytest.raises(PhotoError, match="JPEG, PNG or WebP"):
        load_photo(gif())
    with pytest.raises(PhotoError, match="40 megapixels"):
        load_photo(png_header_only(7_000, 7_000))


def test_exactly_8_mb_is_still_accepted():
    data = encode(astronaut(), "JPEG")
    padded = data + b"\0" * (MAX_BYTES - len(data))

    assert load_photo(padded).format == "JPEG"
