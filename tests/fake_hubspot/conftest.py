# The fake's own tests; elsewhere the fixture comes through pytest_plugins in tests/conftest.py.
from tests.fake_hubspot.fixtures import fake_hubspot, fake_hubspot_server  # noqa: F401
