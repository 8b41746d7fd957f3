"""The engagement level a prompt's message is written for: the session's (``leadcapture.engagement``)."""


def session_level(session_id: str | None) -> str:
    """The engagement level of the visit session ``session_id`` (``low`` without one)."""
    # Until session engagement is stored, every session reads as low.
    return "low"
