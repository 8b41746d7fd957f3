"""The photo purge job: kept face photos past their retention are deleted (period in ``jobs.table``)."""

from flask import current_app

from leadcapture.tools.photo_retention import purge_expired_photos


def purge_photos() -> int:
    """Delete kept face photos older than ``PHOTO_RETENTION_DAYS``; returns how many went."""
    config = current_app.config
    return purge_expired_photos(config["PHOTO_FOLDER"], config["PHOTO_RETENTION_DAYS"])
