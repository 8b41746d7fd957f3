"""Keeping face photos after analysis: only with a retention period, in a private folder, not longer."""

import os
import secrets
import time
from pathlib import Path

DAY = 24 * 60 * 60


def retain_photo(clean_bytes: bytes, folder: str | os.PathLike, retention_days: int) -> Path | None:
    """Write the clean copy to ``folder`` (mode 0700) under a random name with mode 0600, or nothing
    when ``retention_days`` is 0 (the default: the photo is gone once analysed)."""
    if retention_days < 0:
        raise ValueError("retention_days must be 0 or more")
    if retention_days == 0:
        return None
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    path = folder / f"{secrets.token_hex(16)}.jpg"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(clean_bytes)
    return path


def purge_expired_photos(folder: str | os.PathLike, retention_days: int, now: float | None = None) -> int:
    """Delete retained photos older than ``retention_days`` (all of them at 0); how many went.
    Run it on a schedule (daily at least) wherever photos are retained."""
    cutoff = (time.time() if now is None else now) - retention_days * DAY
    expired = expired_photos(folder, cutoff)
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)


def expired_photos(folder: str | os.PathLike, cutoff: float) -> list[Path]:
    """The retained photos written at or before ``cutoff`` (epoch seconds)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return [path for path in folder.glob("*.jpg") if path.stat().st_mtime <= cutoff]
