"""A rendered PDF as a download."""

from flask import Response
from werkzeug.utils import secure_filename


def pdf_response(name: str, data: bytes) -> Response:
    """``data`` (a PDF file) as an attachment called ``name`` made safe (ASCII letters, digits,
    dashes and dots), ".pdf" added."""
    filename = secure_filename(name) or "report"
    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )
