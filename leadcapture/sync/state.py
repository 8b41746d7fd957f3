"""Whether HubSpot accepted our credentials last time it was asked."""

from leadcapture.extensions import db
from leadcapture.models import IntegrationState
from leadcapture.models.types import utcnow

HUBSPOT = "hubspot"


def record_credentials(ok: bool, message: str | None) -> None:
    """Remember the answer; commits. Only writes when it changed."""
    state = db.session.get(IntegrationState, HUBSPOT)
    if state is not None and state.credentials_ok == ok and state.message == message:
        return
    if state is None:
        state = IntegrationState(name=HUBSPOT)
        db.session.add(state)
    state.credentials_ok, state.message, state.checked_at = ok, message, utcnow()
    db.session.commit()


def hubspot_state() -> IntegrationState | None:
    return db.session.get(IntegrationState, HUBSPOT)
