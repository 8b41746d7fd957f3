"""Keyed email hashes and the privacy request log."""

import hashlib
import hmac
from datetime import datetime

from flask import current_app

from leadcapture.contact_fields import ContactError, normalise_email
from leadcapture.extensions import db
from leadcapture.models.privacy import PrivacyRequest
from leadcapture.models.types import utcnow


def email_hash(email: str) -> str:
    """HMAC-SHA256 of the normalised email under the app's secret: it tells a known address
    again without storing it, and cannot be reversed by hashing guessed addresses without the key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, _normalised(email).encode(), hashlib.sha256).hexdigest()


def _normalised(email: str) -> str:
    try:
        return normalise_email(email)
    except ContactError:  # a stored address no validator accepts (HubSpot refused it) is hashed too
        return email.strip().lower()


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
