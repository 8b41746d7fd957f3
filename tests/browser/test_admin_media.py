"""Sales in a real browser: a lead's photo is shown and its voice note plays from /admin/media/<id>
(served as a download, which an <img> and an <audio> still show)."""

import pytest

from tests.admin.lead_data import user_id
from tests.admin.signin import sign_in_page
from tests.privacy.media_data import lead_with_media
from tests.uploads import upload_app

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_app, tmp_path):
    app = upload_app(make_app, tmp_path)
    with app.app_context():
        user_id("sam@example.com")
    return app


def test_the_lead_page_shows_the_photo_and_plays_the_voice_note(page, live_server, app, page_problems):
    story = lead_with_media(app)
    sign_in_page(page, live_server.url, "sam@example.com")
    page.goto(f"{live_server.url}/admin/leads/{story.lead_id}")

    photo = page.get_by_role("img", name="Photo sent with a recommendation request")
    photo.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    audio = page.locator("audio")
    audio.evaluate("audio => audio.load()")
    page.wait_for_function(
        "audio => audio.readyState >= 1 && audio.duration > 0.9", arg=audio.element_handle()
    )
    assert page_problems == []
