"""Endpoint secrets and request signatures in Standard Webhooks' scheme, with its maintained
``standardwebhooks`` package (receivers verify with the same package in their language)."""

import base64
import secrets
from datetime import UTC, datetime
from math import floor

from standardwebhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # the scheme asks for 24 to 64


def new_secret() -> str:
    """A random signing secret: ``whsec_`` and the base64 of its bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(message_id: str, body: bytes, signing_secrets: list[str], at: datetime) -> dict[str, str]:
    """The headers of a request carrying ``body``, sent at ``at`` (naive UTC): ``webhook-id``,
    ``webhook-timestamp`` and a ``webhook-signature`` per secret (space-separated, as the scheme
    allows during a rotation)."""
    at = at.replace(tzinfo=UTC)
    signatures = " ".join(Webhook(secret).sign(message_id, at, body) for secret in signing_secrets)
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(floor(at.timestamp())),
        "webhook-signature": signatures,
    }
