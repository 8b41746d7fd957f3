"""Reading an uploaded file from the current request."""

from flask import request


def read_upload(field: str | None) -> bytes | None:
    """The bytes of the file sent in ``field``, or None; the spooled file is closed at once."""
    upload = request.files.get(field) if field else None
    if upload is None or not upload.filename:
        return None
    try:
        return upload.read()
    finally:
        upload.close()
