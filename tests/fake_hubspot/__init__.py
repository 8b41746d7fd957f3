"""A fake HubSpot (CRM v3 contacts, contact properties and notes) for tests, spoken to by the real
hubspot-api-client over HTTP: auth, rate limit, batch rules and errors as HubSpot answers them, and
fault injection. Its answers are checked against HubSpot's published specs (specs/).

    fake = FakeHubSpot().start()        # or the ``fake_hubspot`` fixture (tests/fake_hubspot/fixtures.py)
    client = fake.client()              # HubSpot(access_token=fake.token, host=fake.url, base_url=fake.url)
"""

from tests.fake_hubspot.server import FakeHubSpot

__all__ = ["FakeHubSpot"]
