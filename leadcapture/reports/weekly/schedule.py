"""The ``weekly-report`` job (every 15 minutes): sends the due week's report once, from Monday
08:00 clinic time (``week.due_week``), when the settings turn it on and name recipients. Two
workers running it at once send it once: the archive's week is unique (``archive.send_report``)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from leadcapture.models.types import utcnow
from leadcapture.reports.weekly.archive import archived, send_report
from leadcapture.reports.weekly.sections import weekly_report
from leadcapture.reports.weekly.settings import report_settings
from leadcapture.reports.weekly.week import due_week


def clinic_zone() -> ZoneInfo:
    """The ``CLINIC_TIMEZONE`` setting's zone."""
    return ZoneInfo(current_app.config["CLINIC_TIMEZONE"])


def send_due_report(now: datetime | None = None) -> int | None:
    """The job: send the report of the week due at ``now`` unless it was sent; returns the archived
    report's id when this run sent it."""
    now = now or utcnow()
    settings = report_settings()
    week = due_week(now, clinic_zone())
    if not (settings.enabled and settings.recipients) or week is None or archived(week):
        return None
    report = weekly_report(week, settings.sections, now)
    sent = send_report(report, settings.recipients, "schedule", now)
    return sent.id if sent else None
