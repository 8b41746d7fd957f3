"""Visitor ids: what a client may send, and how a new one is made."""

import re

VISITOR_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def is_valid_visitor_id(value: object) -> bool:
    """A visitor id is 8-64 letters, digits, ``_`` or ``-`` (our own ids are 32 hex digits)."""
    return isinstance(value, str) and bool(VISITOR_ID_PATTERN.fullmatch(value))
