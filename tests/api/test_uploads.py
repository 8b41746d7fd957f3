"""Uploads: a face photo (consent, checked by content, deleted unless retained) and the optional
photo or voice note of a recommendation request (kept privately for staff)."""

import io
import os
import stat
import wave
from pathlib import Path

import pytest

from leadcapture.extensions import db
from leadcapture.models import Interaction
from leadcapture.models.catalog_store import seed_catalog
from tests.tools.photo_samples import astronaut, encode, gradient


@pytest.fixture
def uploads(make_app, tmp_path):
    def build(**settings):
        app = make_app(
            PHOTO_FOLDER=str(tmp_path / "photos"), ATTACHMENT_FOLDER=str(tmp_path / "files"), **settings
        )
        with app.app_context():
            seed_catalog()
        return app

    return build


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
    fields = [("concerns", c) for c in concerns] + ([("consent_photo_processing", "true")] if consent else [])
    body, content_type = multipart(fields, "photo", name, photo)
    return client.post("/api/v1/tools/face_analysis", data=body, content_type=content_type)


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def wav_bytes() -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\x00\x00" * 8000)
    return buffer.getvalue()


def test_face_photo_is_analysed_and_deleted_by_default(uploads, tmp_path):
    app = uploads()
    response = post_photo(app.test_client(), encode(astronaut()))
    assert response.status_code == 200
    result = response.get_json()["result"]
    assert result["face_found"] is True and result["photo_quality"]["faces"] >= 1
    assert result["suggestions"][0]["procedure"] in {"botox", "laser_resurfacing"}
    assert files_in(tmp_path / "photos") == []
    with app.app_context():
        data = db.session.get(Interaction, response.get_json()["interaction_id"]).data
        assert data["face_found"] is True and data["photo"] is True


def test_a_photo_without_a_face_says_so(uploads):
    response = post_photo(uploads().test_client(), encode(gradient(), "PNG"), name="me.png")
    assert response.status_code == 200 and response.get_json()["result"]["face_found"] is False


def test_retention_keeps_a_clean_private_copy(uploads, tmp_path):
    app = uploads(PHOTO_RETENTION_DAYS=30)
    assert post_photo(app.test_client(), encode(astronaut(), exif=b"Exif\x00\x00MM")).status_code == 200
    (kept,) = files_in(tmp_path / "photos")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert b"Exif" not in kept.read_bytes()


@pytest.mark.parametrize(
    ("photo", "name", "consent", "status", "field"),
    [
        (b"%PDF-1.4 not a photo", "me.jpg", True, 415, "photo"),
        (b"GIF89a" + b"\x00" * 100, "me.jpg", True, 415, "photo"),
        (encode(astronaut())[:3000], "me.jpg", True, 422, "photo"),
        (b"\xff" * (8 * 1024 * 1024 + 1), "me.jpg", True, 413, "photo"),
        (None, "me.jpg", False, 422, "consent_photo_processing"),
    ],
)
def test_bad_photos_are_refused_with_the_error_shape(uploads, tmp_path, photo, name, consent, status, field):
    response = post_photo(uploads().test_client(), photo or encode(astronaut()), name=name, consent=consent)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]
    assert files_in(tmp_path / "photos") == []


def test_voice_note_with_a_recommendation_is_kept_for_staff_only(uploads, tmp_path):
    app = uploads()
    client = app.test_client()
    data = {"query": "I get breakouts on my chin", "attachment": (io.BytesIO(wav_bytes()), "note.bin")}
    response = client.post("/api/v1/tools/ai_recommendation", data=data, content_type="multipart/form-data")
    assert response.status_code == 200
    (kept,) = files_in(tmp_path / "files")
    assert kept.suffix == ".wav" and stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    with app.app_context():
        attachment = db.session.get(Interaction, response.get_json()["interaction_id"]).data["attachment"]
    assert attachment == {
        "file": kept.name,
        "kind": "voice",
        "content_type": "audio/wav",
        "bytes": kept.stat().st_size,
    }
    assert client.get(f"/static/{kept.name}").status_code == 404
    assert client.get(f"/instance/private/attachments/{kept.name}").status_code == 404


def test_recommendation_photo_needs_consent_and_text_files_are_refused(uploads, tmp_path):
    client = uploads().test_client()

    def send(upload, **extra):
        data = {"query": "wrinkles", "attachment": (io.BytesIO(upload), "x.jpg"), **extra}
        return client.post("/api/v1/tools/ai_recommendation", data=data, content_type="multipart/form-data")

    assert "consent_photo_processing" in send(encode(astronaut())).get_json()["error"]["fields"]
    assert send(b"just some text pretending").status_code == 415
    assert send(encode(astronaut()), consent_photo_processing="true").status_code == 200
    assert len(files_in(tmp_path / "files")) == 1


def test_kept_photos_are_purged_after_the_retention_period(uploads, tmp_path):
    from leadcapture.cta.photo_purge import purge_photos

    app = uploads(PHOTO_RETENTION_DAYS=2)
    post_photo(app.test_client(), encode(astronaut()))
    post_photo(app.test_client(), encode(astronaut(), "PNG"), name="b.png")
    old, recent = files_in(tmp_path / "photos")
    three_days_ago = old.stat().st_mtime - 3 * 86400
    os.utime(old, (three_days_ago, three_days_ago))
    with app.app_context():
        assert purge_photos() == 1
    assert files_in(tmp_path / "photos") == [recent]
