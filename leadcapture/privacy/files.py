"""A person's stored files: the photos and voice notes their visitors left (``visitor_media``)."""

from collections.abc import Iterable
from pathlib import Path

from leadcapture.media import media_of_visitors, media_path


def stored_files(visitor_ids: Iterable[str]) -> list[tuple[str, Path]]:
    """(media kind, path) of each kept file of these visitors that still exists."""
    found = [(item.kind, media_path(item)) for item in media_of_visitors(visitor_ids)]
    return [(kind, path) for kind, path in found if path.is_file()]


def delete_files(paths: Iterable[Path]) -> int:
    """Delete ``paths`` (gone already is fine); how many were deleted."""
    deleted = 0
    for path in paths:
        if path.exists():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
