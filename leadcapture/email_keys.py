"""Keyed email hashes: an address told again without storing it (the privacy request log, the
erased emails the HubSpot sync must never re-create)."""

import hashlib
import hmac

from flask import current_app

from leadcapture.contact_fields import ContactError, normalise_email


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
