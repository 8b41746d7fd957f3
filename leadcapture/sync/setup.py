"""Our HubSpot properties: set up once, remembered, set up again only when HubSpot says one is missing."""

from leadcapture.integrations.hubspot import (
    HubSpotGateway,
    RateLimited,
    TransientError,
    properties_fingerprint,
)
from leadcapture.sync.state import hubspot_state, integration_state


class SetupFailed(Exception):
    """Setting up our properties failed for now (HubSpot down or busy); not the rows' failure."""


def properties_ready() -> bool:
    """Whether HubSpot confirmed the property definitions of this version of the app."""
    state = hubspot_state()
    return state is not None and state.properties_ready == properties_fingerprint()


def set_up_properties(client: HubSpotGateway) -> list[str]:
    """Create what HubSpot lacks (the gateway retries each request in place) and remember it (no
    commit). SetupFailed when HubSpot stayed unavailable; CredentialsRejected names a missing scope."""
    try:
        created = client.ensure_properties()
    except (TransientError, RateLimited) as error:
        raise SetupFailed(f"setting up HubSpot properties failed: {error}") from None
    integration_state().properties_ready = properties_fingerprint()
    return created
