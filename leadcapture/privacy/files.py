"""A person's stored files: the face photos kept after analysis (``PHOTO_FOLDER``) and the photos
and voice notes sent with a recommendation (``ATTACHMENT_FOLDER``), named in their tool uses' data."""

from collections.abc import Iterable
from pathlib import Path

from flask import current_app

# Where each kind of file lives, and how a tool use's data names it.
FOLDERS = {"photos": "PHOTO_FOLDER", "attachments": "ATTACHMENT_FOLDER"}


def named_files(data: dict) -> dict[str, str]:
    """The files a tool use's data names: {folder kind: file name}."""
    attachment = data.get("attachment")
    names = {
        "photos": data.get("photo_file"),
        "attachments": attachment.get("file") if isinstance(attachment, dict) else None,
    }
    # Only a bare name counts: data never points outside its folder.
    return {kind: Path(name).name for kind, name in names.items() if isinstance(name, str) and name}


def stored_files(datas: Iterable[dict]) -> list[tuple[str, Path]]:
    """(folder kind, path) of each file the tool uses' ``datas`` name that still exists."""
    config = current_app.config
    found = []
    for data in datas:
        for kind, name in named_files(data).items():
            path = Path(config[FOLDERS[kind]]) / name
            if path.is_file():
                found.append((kind, path))
    return found


def delete_files(paths: Iterable[Path]) -> int:
    """Delete ``paths`` (gone already is fine); how many were deleted."""
    deleted = 0
    for path in paths:
        if path.exists():
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted
