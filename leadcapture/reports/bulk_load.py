"""Bringing the admin reports' roll-ups up to date after rows were bulk-loaded."""

from datetime import datetime

from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from leadcapture.reports.attribution_report import prepare_attribution
from leadcapture.reports.period import Period
from leadcapture.reports.visitor_days import forget_days
from leadcapture.rollups.refresh import refresh_rollups


def update_rollups_after_load(since: datetime) -> None:
    """Recount the report roll-ups from ``since`` (rows were just loaded from then on) to now, so
    that the first admin page viewed afterwards does not have to; commits."""
    now = utcnow()
    loaded = Period(since.date(), now.date())
    forget_days(loaded.first)  # the attribution's visitor days of those days are out of date
    db.session.commit()
    refresh_rollups()
    prepare_attribution(loaded, now)
