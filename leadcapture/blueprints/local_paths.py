"""Where a form may send a visitor back to: only a path on this site, never another site."""

MAX_URL_LENGTH = 2000


def local_path(value: str | None) -> str | None:
    """``value`` when it is a path on this site (with its query), else None: not ``//host`` or
    ``/\\host`` (browsers read both as another site), nor absurdly long."""
    if not value or len(value) > MAX_URL_LENGTH or not value.startswith("/") or value.startswith("//"):
        return None
    return None if "\\" in value else value
