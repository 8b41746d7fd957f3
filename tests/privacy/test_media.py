"""Special-category media: explicit consent for each kind (API and pages), the row linking each kept
file to its visitor and tool use, retention and erasure of rows and files."""

import io
import os
import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.utils import import_string

from leadcapture.extensions import db
from leadcapture.jobs.table import JOBS
from leadcapture.media import (
    erase_visitor_media,
    keep_media,
    media_of_visitors,
    media_path,
    purge_expired_face_photos,
    purge_expired_media,
)
from leadcapture.models import Visitor, VisitorMedia
from leadcapture.models.types import utcnow
from leadcapture.tools.attachments import Attachment
from tests.admin.signin import signed_in_client
from tests.tools.photo_samples import astronaut, encode
from tests.uploads import files_in, multipart, post_attachment, post_photo, upload_app, wav_bytes

PHOTO = encode(astronaut())
QUERY = "acne scars on my cheeks"
DAY = timedelta(days=1)
MICROSECOND = timedelta(microseconds=1)


# kind: (tool, page, file field, consent flag, the file, the other fields)
KINDS = {
    "face_photo": ("face_analysis", "/tools/face-analysis/", "photo", "consent_photo_processing", PHOTO, {}),
    "recommendation_photo": (
        "ai_recommendation",
        "/tools/recommendation/",
        "attachment",
        "consent_photo_processing",
        PHOTO,
        {"query": QUERY},
    ),
    "voice_note": (
        "ai_recommendation",
        "/tools/recommendation/",
        "attachment",
        "consent_voice_processing",
        wav_bytes(),
        {"query": QUERY},
    ),
}


@pytest.fixture
def media_app(make_app, tmp_path):
    return upload_app(make_app, tmp_path, PHOTO_RETENTION_DAYS=2)


def kept(app) -> list[VisitorMedia]:
    with app.app_context():
        rows = db.session.scalars(select(VisitorMedia).order_by(VisitorMedia.created_at)).all()
        db.session.expunge_all()
        return rows


def kept_files(tmp_path) -> list:
    return files_in(tmp_path / "photos") + files_in(tmp_path / "files")


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_keeps_each_kind_only_with_its_consent_and_links_it(media_app, tmp_path, kind):
    tool, _page, field, flag, upload, fields = KINDS[kind]
    client = media_app.test_client()

    def send(consent: bool):
        pairs = [*fields.items(), *([(flag, "true")] if consent else [])]
        body, content_type = multipart(pairs, field, "upload.bin", upload)
        return client.post(f"/api/v1/tools/{tool}", data=body, content_type=content_type)

    refused = send(consent=False)
    assert refused.status_code == 422
    assert "Please agree" in refused.get_json()["error"]["fields"][flag]
    assert kept(media_app) == [] and kept_files(tmp_path) == []

    answer = send(consent=True).get_json()
    (media,) = kept(media_app)
    assert media.kind == kind
    assert (media.visitor_id, media.interaction_id) == (answer["visitor_id"], answer["interaction_id"])
    assert [path.name for path in kept_files(tmp_path)] == [media.file_name]


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_shows_the_consent_unticked_and_refuses_an_upload_without_it(media_app, tmp_path, kind):
    _tool, page, field, flag, upload, fields = KINDS[kind]
    client = media_app.test_client()
    assert re.search(rf'<input type="checkbox" name="{flag}">', client.get(page).get_data(as_text=True))

    def send(consent: bool):
        form = {**fields, "concerns": ["acne"], field: (io.BytesIO(upload), "upload.bin")}
        return client.post(page, data={**form, **({flag: "on"} if consent else {})})

    refused = send(consent=False)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Please agree to the processing of your" in html
    assert re.search(rf'<input type="checkbox" name="{flag}">', html)  # still unticked
    assert kept(media_app) == [] and kept_files(tmp_path) == []
    assert send(consent=True).status_code == 200
    assert [media.kind for media in kept(media_app)] == [kind]


def test_a_repeated_submission_keeps_one_file_and_another_file_is_kept_too(media_app, tmp_path):
    client = media_app.test_client()
    first = post_attachment(client, wav_bytes(), consent_voice_processing=True).get_json()
    again = post_attachment(client, wav_bytes(), consent_voice_processing=True).get_json()
    assert again["interaction_id"] == first["interaction_id"]
    assert len(kept(media_app)) == 1
    other = post_attachment(client, wav_bytes(seconds=2), consent_voice_processing=True).get_json()
    assert other["interaction_id"] != first["interaction_id"]
    assert len(kept(media_app)) == len(kept_files(tmp_path)) == 2


def test_staff_uploads_are_not_kept(media_app, tmp_path):
    client = signed_in_client(media_app, "admin")
    assert post_attachment(client, wav_bytes(), consent_voice_processing=True).status_code == 200
    assert kept(media_app) == [] and kept_files(tmp_path) == []


def test_media_of_visitors_lists_theirs_oldest_first(media_app):
    first, second = media_app.test_client(), media_app.test_client()
    visitor = post_attachment(first, wav_bytes(), consent_voice_processing=True).get_json()["visitor_id"]
    post_attachment(second, wav_bytes(), consent_voice_processing=True)
    post_attachment(first, PHOTO, consent_photo_processing=True)
    with media_app.app_context():
        assert [m.kind for m in media_of_visitors([visitor])] == ["voice_note", "recommendation_photo"]
        assert media_of_visitors([]) == []


def test_purge_removes_recommendation_media_at_exactly_their_retention(media_app, tmp_path):
    client = media_app.test_client()
    post_attachment(client, wav_bytes(), consent_voice_processing=True)
    post_attachment(client, PHOTO, query="wrinkles", consent_photo_processing=True)
    post_photo(client, PHOTO)
    voice, photo, face = kept(media_app)
    assert voice.created_at < photo.created_at
    with media_app.app_context():
        paths = {media.kind: media_path(media) for media in (voice, photo, face)}
        assert purge_expired_media(voice.created_at + 30 * DAY - MICROSECOND) == 0
        assert purge_expired_media(voice.created_at + 30 * DAY) == 1
    assert [media.kind for media in kept(media_app)] == ["recommendation_photo", "face_photo"]
    assert not paths["voice_note"].exists() and paths["recommendation_photo"].exists()
    with media_app.app_context():
        assert purge_expired_media(photo.created_at + 30 * DAY) == 1
    assert [media.kind for media in kept(media_app)] == ["face_photo"]  # PHOTO_RETENTION_DAYS's
    assert kept_files(tmp_path) == [paths["face_photo"]]


def test_face_photos_are_purged_after_photo_retention_days(media_app, tmp_path):
    post_photo(media_app.test_client(), PHOTO)
    (face,) = kept(media_app)
    with media_app.app_context():
        assert purge_expired_face_photos(face.created_at + 2 * DAY - MICROSECOND) == 0
        assert purge_expired_face_photos(face.created_at + 2 * DAY) == 1
    assert kept(media_app) == [] and kept_files(tmp_path) == []


def test_the_daily_retention_job_purges_every_kind_past_its_retention(media_app, tmp_path):
    visitor = post_photo(media_app.test_client(), PHOTO).get_json()["visitor_id"]
    (fresh,) = kept(media_app)
    now = utcnow()
    with media_app.app_context():
        old_face = Attachment("face_photo", "image/jpeg", ".jpg", PHOTO)
        voice = Attachment("voice_note", "audio/wav", ".wav", wav_bytes())
        for upload, age in ((old_face, 2 * DAY), (voice, 30 * DAY), (voice, 29 * DAY)):
            keep_media(upload, visitor, None, now - age)
        db.session.commit()
        totals = import_string(JOBS["privacy-purge"].function)()
        assert (totals["photos"], totals["files"]) == (1, 1)
    assert [(m.kind, m.created_at) for m in kept(media_app)] == [
        ("voice_note", now - 29 * DAY),
        ("face_photo", fresh.created_at),
    ]
    assert len(kept_files(tmp_path)) == 2


@pytest.mark.parametrize("retention_days", [0, 2])
def test_files_no_row_names_go_by_their_age_after_an_hour_at_least(make_app, tmp_path, retention_days):
    app = upload_app(make_app, tmp_path, PHOTO_RETENTION_DAYS=retention_days)
    folder = tmp_path / "photos"
    folder.mkdir()
    old, recent = folder / "kept-before-0018.jpg", folder / "being-written.jpg"
    for path in (old, recent):
        path.write_bytes(PHOTO)
    three_days_ago = time.time() - 3 * 86400
    os.utime(old, (three_days_ago, three_days_ago))
    with app.app_context():
        assert purge_expired_face_photos(utcnow()) == 1
    assert files_in(folder) == [recent]


def test_erasure_removes_the_visitors_rows_and_files_and_only_theirs(media_app, tmp_path):
    erased, other = media_app.test_client(), media_app.test_client()
    visitor = post_attachment(erased, wav_bytes(), consent_voice_processing=True).get_json()["visitor_id"]
    post_photo(erased, PHOTO)
    post_attachment(other, PHOTO, consent_photo_processing=True)
    (remaining,) = [media for media in kept(media_app) if media.visitor_id != visitor]
    with media_app.app_context():
        assert erase_visitor_media([visitor]) == 2
        db.session.execute(delete(Visitor).where(Visitor.id == visitor))
        db.session.commit()
        assert erase_visitor_media([visitor]) == 0
    assert [media.id for media in kept(media_app)] == [remaining.id]
    assert [path.name for path in kept_files(tmp_path)] == [remaining.file_name]


def test_a_visitor_with_media_cannot_be_deleted_before_its_media(media_app):
    post_attachment(media_app.test_client(), wav_bytes(), consent_voice_processing=True)
    (media,) = kept(media_app)
    with media_app.app_context(), pytest.raises(IntegrityError):
        db.session.execute(delete(Visitor).where(Visitor.id == media.visitor_id))
        db.session.flush()
