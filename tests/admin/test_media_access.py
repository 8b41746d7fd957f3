"""Kept photos and voice notes reach staff who see leads (admins, sales) through /admin/media/<id>
only: marketing is refused, anonymous visitors are sent to sign in, and no public path serves them."""

import pytest
from werkzeug.routing import PathConverter, UnicodeConverter

from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.media import media_path
from leadcapture.models import Lead
from tests.admin.lead_data import user_id
from tests.admin.signin import signed_in_client
from tests.conftest import app_settings
from tests.privacy.media_data import lead_with_media
from tests.uploads import upload_app


@pytest.fixture
def media_app(make_app, tmp_path):
    return upload_app(make_app, tmp_path)


def file_of(app, media) -> bytes:
    with app.app_context():
        return media_path(media).read_bytes()


@pytest.mark.parametrize("role", ["admin", "sales"])
def test_staff_who_see_leads_get_the_file_uncached_as_a_download(media_app, role):
    story = lead_with_media(media_app)
    client = signed_in_client(media_app, role)
    for media, content_type in ((story.voice, "audio/wav"), (story.photo, "image/jpeg")):
        with client.get(f"/admin/media/{media.id}") as response:
            assert response.status_code == 200 and response.data == file_of(media_app, media)
        assert response.mimetype == content_type
        assert response.headers["Content-Disposition"].startswith("attachment; filename=")
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers


@pytest.mark.parametrize("owner", [None, "sales@example.com", "sue@example.com"])
def test_with_sales_see_own_a_file_of_another_sales_users_lead_is_not_found(make_app, tmp_path, owner):
    app = upload_app(make_app, tmp_path, SALES_SEE="own")
    story = lead_with_media(app)
    with app.app_context():
        lead = db.session.get(Lead, story.lead_id)
        lead.owner_id = user_id(owner) if owner else None
        db.session.commit()
    expected = 404 if owner == "sue@example.com" else 200
    with signed_in_client(app, "sales").get(f"/admin/media/{story.voice.id}") as response:
        assert response.status_code == expected


def test_marketing_is_refused_and_anonymous_visitors_are_sent_to_sign_in(media_app):
    story = lead_with_media(media_app)
    path = f"/admin/media/{story.voice.id}"
    assert signed_in_client(media_app, "marketing").get(path).status_code == 403
    anonymous = media_app.test_client().get(path)
    assert anonymous.status_code == 302 and anonymous.location.startswith("/admin/login")


def test_an_unknown_or_deleted_file_is_not_found(media_app):
    story = lead_with_media(media_app)
    client = signed_in_client(media_app, "sales")
    assert client.get("/admin/media/" + "0" * 32).status_code == 404
    with media_app.app_context():
        media_path(story.photo).unlink()
    assert client.get(f"/admin/media/{story.photo.id}").status_code == 404


def test_the_lead_page_plays_the_voice_note_and_shows_the_photo(media_app):
    story = lead_with_media(media_app)
    html = signed_in_client(media_app, "sales").get(f"/admin/leads/{story.lead_id}").get_data(as_text=True)
    assert f'<audio controls preload="none" src="/admin/media/{story.voice.id}">' in html
    assert f'<img src="/admin/media/{story.photo.id}"' in html


def test_the_journey_shows_media_to_sales_but_not_to_marketing(media_app):
    story = lead_with_media(media_app)
    path = f"/admin/visitors/{story.visitor_id}"
    sales = signed_in_client(media_app, "sales").get(path).get_data(as_text=True)
    marketing = signed_in_client(media_app, "marketing").get(path)
    assert sales.count('data-testid="media-item"') == 2 and f"/admin/media/{story.voice.id}" in sales
    assert marketing.status_code == 200 and "/admin/media/" not in marketing.get_data(as_text=True)


def public_paths(app, file_name: str, folder) -> list[str]:
    """Each public GET route with its arguments set to the file's name, and path arguments to
    traversals towards it too."""
    paths = []
    for rule in app.url_map.iter_rules():
        converters = rule._converters
        if rule.endpoint.startswith("admin.") or "GET" not in rule.methods:
            continue
        if not all(isinstance(c, UnicodeConverter | PathConverter) for c in converters.values()):
            continue
        tries = [file_name]
        if any(isinstance(c, PathConverter) for c in converters.values()):
            tries += [f"../../instance/private/attachments/{file_name}", f"{folder}/{file_name}"]
        paths += [
            app.url_map.bind("localhost").build(rule.endpoint, dict.fromkeys(converters, t)) for t in tries
        ]
    return paths


def test_no_public_path_serves_a_kept_file(media_app):
    story = lead_with_media(media_app)
    client = media_app.test_client()
    for media in (story.voice, story.photo):
        content = file_of(media_app, media)
        with media_app.app_context():
            folder = media_path(media).parent
        paths = public_paths(media_app, media.file_name, folder)
        assert any(path.startswith("/static/") for path in paths)
        for path in paths:
            with client.get(path) as response:
                assert content not in response.data, path


def test_the_default_media_folders_are_private(database_url):
    app = create_app(app_settings(database_url))
    for setting in ("PHOTO_FOLDER", "ATTACHMENT_FOLDER"):
        folder = app.config[setting]
        assert folder.startswith(app.instance_path) and not folder.startswith(app.static_folder)
