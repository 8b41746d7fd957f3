"""Keeping visitors' uploads for staff: in a private folder, never under a public URL."""

import os
from pathlib import Path

from flask import current_app

from leadcapture.models.types import new_id
from leadcapture.tools.attachments import Attachment


def attachment_folder() -> Path:
    return Path(current_app.config["ATTACHMENT_FOLDER"])


def store_attachment(attachment: Attachment) -> dict:
    """Write the upload (mode 0600, folder 0700) and return what the interaction records of it."""
    folder = attachment_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = new_id() + attachment.extension
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(attachment.data)
    return {
        "file": name,
        "kind": attachment.kind,
        "content_type": attachment.content_type,
        "bytes": len(attachment.data),
    }
