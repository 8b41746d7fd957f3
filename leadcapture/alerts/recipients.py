"""Recipient lists as admins type them: addresses separated by commas, semicolons, spaces or lines."""

import re

from leadcapture.contact_fields import ContactError, normalise_email

MAX_RECIPIENTS = 50
SEPARATORS = re.compile(r"[\s,;]+")


def parse_recipients(text: str) -> list[str]:
    """The normalised addresses in ``text``, each once, in order; ValueError naming the bad ones."""
    addresses, bad = [], []
    for item in SEPARATORS.split(text or ""):
        if not item:
            continue
        try:
            address = normalise_email(item)
        except ContactError:
            bad.append(item)
            continue
        if address not in addresses:
            addresses.append(address)
    if bad:
        raise ValueError(f"Not an email address: {', '.join(bad[:5])}{' …' if len(bad) > 5 else ''}")
    if len(addresses) > MAX_RECIPIENTS:
        raise ValueError(f"At most {MAX_RECIPIENTS} recipients.")
    return addresses
