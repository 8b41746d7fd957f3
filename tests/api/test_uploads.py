"""Uploads: a face photo (consent, checked by content, deleted unless retained) and the optional
photo or voice note of a recommendation request (explicit consent, kept privately for staff)."""

import os
import stat

import pytest

from leadcapture.extensions import db
from leadcapture.models import Interaction, VisitorMedia
from tests.tools.photo_samples import astronaut, encode, gradient
from tests.uploads import files_in, post_attachment, post_photo, upload_app, wav_bytes


@pytest.fixture
def uploads(make_app, tmp_path):
    return lambda **settings: upload_app(make_app, tmp_path, **settings)


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
        assert db.session.query(VisitorMedia).count() == 0


def test_a_photo_without_a_face_says_so(uploads):
    response = post_photo(uploads().test_client(), encode(gradient(), "PNG"), name="me.png")
    assert response.status_code == 200 and response.get_json()["result"]["face_found"] is False


def test_retention_keeps_a_clean_private_copy_linked_to_the_visitor(uploads, tmp_path):
    app = uploads(PHOTO_RETENTION_DAYS=30)
    response = post_photo(app.test_client(), encode(astronaut(), exif=b"Exif\x00\x00MM"))
    assert response.status_code == 200
    (kept,) = files_in(tmp_path / "photos")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kept.parent).st_mode) == 0o700
    assert b"Exif" not in kept.read_bytes()
    with app.app_context():
        (media,) = db.session.query(VisitorMedia).all()
        answer = response.get_json()
        assert (media.visitor_id, media.interaction_id) == (answer["visitor_id"], answer["interaction_id"])
        assert (media.kind, media.file_name, media.bytes) == ("face_photo", kept.name, kept.stat().st_size)


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
    app = uploads(PHOTO_RETENTION_DAYS=30)
    response = post_photo(app.test_client(), photo or encode(astronaut()), name=name, consent=consent)
    assert response.status_code == status
    assert field in response.get_json()["error"]["fields"]
    assert files_in(tmp_path / "photos") == []


def test_voice_note_with_a_recommendation_is_kept_for_staff_only(uploads, tmp_path):
    app = uploads()
    client = app.test_client()
    response = post_attachment(client, wav_bytes(), consent_voice_processing=True)
    assert response.status_code == 200
    (kept,) = files_in(tmp_path / "files")
    assert kept.suffix == ".wav" and stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    with app.app_context():
        interaction = db.session.get(Interaction, response.get_json()["interaction_id"])
        (media,) = db.session.query(VisitorMedia).all()
        assert (media.visitor_id, media.interaction_id) == (interaction.visitor_id, interaction.id)
        assert (media.kind, media.file_name, media.content_type) == ("voice_note", kept.name, "audio/wav")
        assert media.bytes == kept.stat().st_size == interaction.data["attachment"]["bytes"]
        assert interaction.data["attachment"]["kind"] == "voice_note"
    assert client.get(f"/static/{kept.name}").status_code == 404
    assert client.get(f"/instance/private/attachments/{kept.name}").status_code == 404


def test_recommendation_photo_needs_consent_and_text_files_are_refused(uploads, tmp_path):
    client = uploads().test_client()
    refused = post_attachment(client, encode(astronaut()))
    assert refused.status_code == 422 and "consent_photo_processing" in refused.get_json()["error"]["fields"]
    assert post_attachment(client, b"just some text pretending").status_code == 415
    assert files_in(tmp_path / "files") == []
    assert post_attachment(client, encode(astronaut()), consent_photo_processing=True).status_code == 200
    assert len(files_in(tmp_path / "files")) == 1
