"""Visitor media: the special-category uploads kept for staff (face photos, recommendation photos,
voice notes), each a file in a private folder and a ``VisitorMedia`` row naming its visitor and tool
use, so erasure, export and retention find them by visitor."""

import os
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select

from leadcapture.extensions import db
from leadcapture.models import VisitorMedia
from leadcapture.models.types import new_id
from leadcapture.tools.attachments import Attachment

# The setting naming each kind's private folder, and the one giving its retention in days.
FOLDER_SETTINGS = {
    "face_photo": "PHOTO_FOLDER",
    "recommendation_photo": "ATTACHMENT_FOLDER",
    "voice_note": "ATTACHMENT_FOLDER",
}
UPLOADED_WITH_RECOMMENDATIONS = ("recommendation_photo", "voice_note")
# A file without a row is left alone this long: its tool use may not have committed yet.
UNLISTED_GRACE = timedelta(hours=1)


def media_path(item: VisitorMedia) -> Path:
    """Where the file of ``item`` is."""
    return Path(current_app.config[FOLDER_SETTINGS[item.kind]]) / item.file_name


def keep_media(
    upload: Attachment, visitor_id: str, interaction_id: str | None, now: datetime
) -> VisitorMedia:
    """Write the upload under a random name (mode 0600, folder 0700) and add its row (no commit:
    the tool use commits it)."""
    item = VisitorMedia(
        id=new_id(),
        visitor_id=visitor_id,
        interaction_id=interaction_id,
        kind=upload.kind,
        file_name=new_id() + upload.extension,
        content_type=upload.content_type,
        bytes=len(upload.data),
        created_at=now,
    )
    _write_private(media_path(item), upload.data)
    db.session.add(item)
    return item


def media_of_visitors(visitor_ids: Iterable[str]) -> list[VisitorMedia]:
    """The media of these visitors, oldest first (the lead page, the journey, export)."""
    ids = list(visitor_ids)
    if not ids:
        return []
    query = select(VisitorMedia).where(VisitorMedia.visitor_id.in_(ids))
    return list(db.session.scalars(query.order_by(VisitorMedia.created_at, VisitorMedia.id)))


def erase_visitor_media(visitor_ids: Iterable[str]) -> int:
    """Delete the media of these visitors, files first, then the rows in the caller's transaction
    (no commit; a rolled-back erasure leaves rows whose files are gone, and a retry removes them).
    Call it before deleting the visitors: their foreign key refuses while media remain."""
    return _delete(media_of_visitors(visitor_ids))


def count_kept_before(kinds: Iterable[str], cutoff: datetime) -> int:
    """How many kept files of ``kinds`` are from ``cutoff`` or before (a purge's length)."""
    query = select(func.count()).where(VisitorMedia.kind.in_(list(kinds)), VisitorMedia.created_at <= cutoff)
    return db.session.scalar(query)


def purge_expired_media(now: datetime) -> int:
    """Delete recommendation photos and voice notes ``MEDIA_RETENTION_DAYS`` old or older at
    ``now`` (UTC, naive), files and rows, and commit; how many went."""
    return _purge(UPLOADED_WITH_RECOMMENDATIONS, current_app.config["MEDIA_RETENTION_DAYS"], now)


def purge_expired_face_photos(now: datetime) -> int:
    """Delete kept face photos ``PHOTO_RETENTION_DAYS`` old or older at ``now`` (all at 0), files
    and rows, and commit; how many went."""
    return _purge(("face_photo",), current_app.config["PHOTO_RETENTION_DAYS"], now)


def _purge(kinds: tuple[str, ...], days: int, now: datetime) -> int:
    cutoff = now - timedelta(days=days)
    expired = db.session.scalars(
        select(VisitorMedia).where(VisitorMedia.kind.in_(kinds), VisitorMedia.created_at <= cutoff)
    ).all()
    count = _delete(expired)
    db.session.commit()
    folders = {Path(current_app.config[FOLDER_SETTINGS[kind]]) for kind in kinds}
    return count + sum(_purge_unlisted(folder, min(cutoff, now - UNLISTED_GRACE)) for folder in folders)


def _delete(items: list[VisitorMedia]) -> int:
    for item in items:
        media_path(item).unlink(missing_ok=True)
    if items:
        db.session.execute(delete(VisitorMedia).where(VisitorMedia.id.in_([item.id for item in items])))
    return len(items)


def _purge_unlisted(folder: Path, cutoff: datetime) -> int:
    """Files no row names (face photos kept before media had rows, uploads whose tool use never
    committed) go by their modification time."""
    if not folder.is_dir():
        return 0
    listed = set(db.session.scalars(select(VisitorMedia.file_name)))
    limit = cutoff.replace(tzinfo=UTC).timestamp()
    unlisted = [
        path
        for path in folder.iterdir()
        if path.name not in listed and path.is_file() and path.stat().st_mtime <= limit
    ]
    for path in unlisted:
        path.unlink(missing_ok=True)
    return len(unlisted)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)  # whatever the umask
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
