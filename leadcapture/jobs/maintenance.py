"""Periodic housekeeping jobs (they reschedule themselves)."""

from flask import current_app

from leadcapture.jobs.dispatch import enqueue_in
from leadcapture.tools.photo_retention import purge_expired_photos

PURGE_PHOTOS_JOB = "leadcapture.jobs.maintenance.purge_photos"
PURGE_EVERY_SECONDS = 6 * 3600


def purge_photos(reschedule: bool = True) -> int:
    """Delete kept face photos older than ``PHOTO_RETENTION_DAYS``; returns how many went."""
    config = current_app.config
    removed = purge_expired_photos(config["PHOTO_FOLDER"], config["PHOTO_RETENTION_DAYS"])
    if reschedule:
        enqueue_in(PURGE_EVERY_SECONDS, PURGE_PHOTOS_JOB, queue="maintenance", job_id="purge-photos")
    return removed
