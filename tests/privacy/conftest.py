"""The privacy tests' app: its media folders in a temporary folder, face photos kept, HubSpot the
fake (its token set only while a test syncs or erases)."""

import pytest

from tests.smtp import smtp_server  # noqa: F401  (fixture)


@pytest.fixture
def privacy_app(make_app, fake_hubspot, tmp_path):
    return make_app(
        PHOTO_FOLDER=str(tmp_path / "photos"),
        ATTACHMENT_FOLDER=str(tmp_path / "attachments"),
        PHOTO_RETENTION_DAYS=30,
        HUBSPOT_BASE_URL=fake_hubspot.url,
        HUBSPOT_RATE_LIMIT="1000 per 10 seconds",
        HUBSPOT_MAX_BACKOFF_SECONDS=0.2,
    )
