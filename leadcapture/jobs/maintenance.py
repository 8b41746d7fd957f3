"""Periodic housekeeping jobs (they reschedule themselves)."""

from flask import current_app

from leadcapture.jobs.dispatch import enqueue_in
from leadcapture.models.types import utcnow
from leadcapture.reports.attribution_report import prepare_attribution
from leadcapture.reports.period import last_days
from leadcapture.reports.presets import PRESET_DAYS
from leadcapture.rollups.refresh import refresh_rollups
from leadcapture.tools.photo_retention import purge_expired_photos

PURGE_PHOTOS_JOB = "leadcapture.jobs.maintenance.purge_photos"
PURGE_EVERY_SECONDS = 6 * 3600
REFRESH_ROLLUPS_JOB = "leadcapture.jobs.maintenance.refresh_report_rollups"
REFRESH_EVERY_SECONDS = 60
# Well inside the job timeout; a long backlog (after a bulk load) is worked off over several runs.
REFRESH_SECONDS = 60


def purge_photos(reschedule: bool = True) -> int:
    """Delete kept face photos older than ``PHOTO_RETENTION_DAYS``; returns how many went."""
    config = current_app.config
    removed = purge_expired_photos(config["PHOTO_FOLDER"], config["PHOTO_RETENTION_DAYS"])
    if reschedule:
        enqueue_in(PURGE_EVERY_SECONDS, PURGE_PHOTOS_JOB, queue="maintenance", job_id="purge-photos")
    return removed


def refresh_report_rollups(reschedule: bool = True) -> int:
    """Fold new activity into the admin reports' roll-ups, and count the visitor days and keep the
    conversions' journeys of the longest preset period, so a page view has little left to do;
    returns how many visitors' roll-ups changed."""
    if reschedule:
        enqueue_in(REFRESH_EVERY_SECONDS, REFRESH_ROLLUPS_JOB, queue="maintenance", job_id="refresh-rollups")
    changed = refresh_rollups(seconds=REFRESH_SECONDS)
    prepare_attribution(last_days(max(PRESET_DAYS)), utcnow())
    return changed
