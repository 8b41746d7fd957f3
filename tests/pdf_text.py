"""Reading a PDF back as a person would see it: its text and its images, page by page (pypdf)."""

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[tuple[str, int]]:
    """(text, number of images) of each page of the PDF ``data``."""
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return [(page.extract_text(), len(page.images)) for page in reader.pages]


def pdf_text(data: bytes) -> str:
    """All the PDF's text, its words separated by single spaces (lines and cells wrap anywhere)."""
    return " ".join(" ".join(text for text, _images in pdf_pages(data)).split())
