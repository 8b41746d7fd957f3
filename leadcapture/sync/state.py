"""What we know about HubSpot right now: did it accept our credentials, does it have our properties."""

from leadcapture.extensions import db
from leadcapture.models import IntegrationState
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert

HUBSPOT = "hubspot"


def integration_state() -> IntegrationState:
    """HubSpot's state row, inserted when there is none yet (two workers may do it at once: the
    loser's insert does nothing)."""
    state = db.session.get(IntegrationState, HUBSPOT)
    if state is None:
        db.session.execute(
            dialect_insert(IntegrationState)
            .values(name=HUBSPOT, checked_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        state = db.session.get(IntegrationState, HUBSPOT)
    return state


def record_credentials(ok: bool, message: str | None) -> None:
    """Remember HubSpot's answer to our token (no commit). Only writes when it changed."""
    state = integration_state()
    if state.credentials_ok != ok or state.message != message:
        state.credentials_ok, state.message, state.checked_at = ok, message, utcnow()


def hubspot_state() -> IntegrationState | None:
    return db.session.get(IntegrationState, HUBSPOT)
