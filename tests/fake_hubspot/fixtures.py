"""The ``fake_hubspot`` fixture: one server for the test session, reset before and after each test.

Wire it into a test package with ``pytest_plugins = ["tests.fake_hubspot.fixtures"]`` in tests/conftest.py.
"""

import pytest

from tests.fake_hubspot.server import FakeHubSpot


@pytest.fixture(scope="session")
def fake_hubspot_server():
    server = FakeHubSpot().start()
    yield server
    server.stop()


@pytest.fixture
def fake_hubspot(fake_hubspot_server):
    """A fresh fake HubSpot portal (see FakeHubSpot); a test fails if any answer broke HubSpot's spec."""
    fake_hubspot_server.reset()
    yield fake_hubspot_server
    violations = fake_hubspot_server.violations
    fake_hubspot_server.reset()
    if violations:
        pytest.fail("the fake HubSpot answered outside HubSpot's spec:\n" + "\n".join(violations))
