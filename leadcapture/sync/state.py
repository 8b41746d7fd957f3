"""What we know about HubSpot right now: did it accept our credentials, does it have our properties."""

from leadcapture.extensions import db
from leadcapture.models import IntegrationState
from leadcapture.models.types import utcnow

HUBSPOT = "hubspot"


def integration_state() -> IntegrationState:
    """HubSpot's state row, added to the session when there is none yet."""
    state = db.session.get(IntegrationState, HUBSPOT)
    if state is None:
        state = IntegrationState(name=HUBSPOT)
        db.session.add(state)
    return state


def record_credentials(ok: bool, message: str | None) -> None:
    """Remember HubSpot's answer to our token (no commit). Only writes when it changed."""
    state = integration_state()
    if state.credentials_ok != ok or state.message != message:
        state.credentials_ok, state.message, state.checked_at = ok, message, utcnow()


def hubspot_state() -> IntegrationState | None:
    return db.session.get(IntegrationState, HUBSPOT)
