"""The privacy request log."""

from datetime import datetime

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models.privacy import PrivacyRequest
from leadcapture.models.types import utcnow


def log_request(
    kind: str,
    channel: str,
    email: str,
    *,
    actor_id: int | None = None,
    status: str = "requested",
    outcome: str | None = None,
    now: datetime | None = None,
) -> PrivacyRequest:
    """Add a request to the log (no commit); a carried-out one (``status`` done or failed) is
    completed at ``now``."""
    now = now or utcnow()
    request = PrivacyRequest(
        kind=kind,
        channel=channel,
        email_hash=email_hash(email),
        actor_id=actor_id,
        status=status,
        outcome=outcome,
        requested_at=now,
        completed_at=None if status == "requested" else now,
    )
    db.session.add(request)
    return request


def complete_request(request: PrivacyRequest, status: str, outcome: str, now: datetime | None = None) -> None:
    """Record how a logged request ended (no commit)."""
    request.status = status
    request.outcome = outcome
    request.completed_at = now or utcnow()
