"""The webhook tests' app allows private addresses (the receivers listen on loopback); the tests of
the refusal build one that does not."""

import pytest

from tests.webhooks.receiver import receiver, silent_server  # noqa: F401  (fixtures)


@pytest.fixture
def app(make_app):
    return make_app(WEBHOOK_ALLOW_PRIVATE=True, WEBHOOK_TIMEOUT_SECONDS=0.5)
