"""The app synced to the fake HubSpot (jobs inline, in a thread of the process)."""

import pytest


@pytest.fixture
def synced_app(make_app, fake_hubspot):
    """Build an app that syncs to the fake HubSpot; ``settings`` override (e.g. no token)."""

    def build(**settings):
        defaults = {
            "HUBSPOT_ACCESS_TOKEN": fake_hubspot.token,
            "HUBSPOT_BASE_URL": fake_hubspot.url,
            "HUBSPOT_RATE_LIMIT": "1000 per 10 seconds",
        }
        return make_app(**(defaults | settings))

    return build
