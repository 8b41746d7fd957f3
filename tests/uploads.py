"""Uploads for the tool tests: multipart bodies built in memory, a voice note, the media folders."""

import io
import wave
from pathlib import Path

from leadcapture.models.catalog_store import seed_catalog


def upload_app(make_app, tmp_path: Path, **settings):
    """An app whose media folders are ``tmp_path``'s ``photos`` and ``files``, with the catalog."""
    app = make_app(
        PHOTO_FOLDER=str(tmp_path / "photos"), ATTACHMENT_FOLDER=str(tmp_path / "files"), **settings
    )
    with app.app_context():
        seed_catalog()
    return app


def multipart(fields: list[tuple[str, str]], file_field: str, filename: str, content: bytes):
    """A multipart body built in memory: werkzeug's test client spools big files to a temporary
    file it never closes, which filterwarnings=error turns into a failure."""
    boundary = "leadcapture-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
    parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_photo(client, photo: bytes, name="me.jpg", consent=True, concerns=("wrinkles",)):
    """A face photo to the face-analysis API."""
    fields = [("concerns", c) for c in concerns] + ([("consent_photo_processing", "true")] if consent else [])
    body, content_type = multipart(fields, "photo", name, photo)
    return client.post("/api/v1/tools/face_analysis", data=body, content_type=content_type)


def post_attachment(client, upload: bytes, query="I get breakouts on my chin", **flags):
    """A recommendation request with an attachment to the API; ``flags``: consent checkboxes."""
    fields = [("query", query), *((flag, "true") for flag, given in flags.items() if given)]
    body, content_type = multipart(fields, "attachment", "upload.bin", upload)
    return client.post("/api/v1/tools/ai_recommendation", data=body, content_type=content_type)


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def wav_bytes(seconds: int = 1) -> bytes:
    """A silent WAV voice note."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x00" * 8000 * seconds)
    return buffer.getvalue()
