"""Bringing the admin reports' roll-ups up to date after rows were bulk-loaded."""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from leadcapture.extensions import db
from leadcapture.insights.refresh import BULK_BATCH, queued, refresh_insights
from leadcapture.models.types import utcnow
from leadcapture.reports.analytics.event_days import EVENT_DAYS
from leadcapture.reports.analytics.retention_days import RETENTION_DAYS
from leadcapture.reports.analytics.tool_step_days import TOOL_STEP_DAYS
from leadcapture.reports.attribution_report import prepare_attribution
from leadcapture.reports.day_rollups import ensure_days, forget_rollup_days
from leadcapture.reports.feedback_days import FEEDBACK_DAYS
from leadcapture.reports.period import Period
from leadcapture.reports.prompt_days import PROMPT_DAYS
from leadcapture.reports.visitor_days import forget_days
from leadcapture.rollups.refresh import BULK_BATCH_VISITORS, queued_visitors, refresh_rollups

# click.progressbar's signature, as used here: (length=, label=) -> a bar with update(n).
ProgressBar = Callable[..., AbstractContextManager]
# The analytics pages' roll-ups, counted here day by day (a few seconds a day at the benchmark's size).
ANALYTICS_DAYS = (RETENTION_DAYS, EVENT_DAYS, TOOL_STEP_DAYS)


def update_rollups_after_load(since: datetime, progressbar: ProgressBar) -> None:
    """Recount the report roll-ups from ``since`` (rows were just loaded from then on) to now, so
    that the first admin page viewed afterwards does not have to, each step on a ``progressbar``;
    commits."""
    now = utcnow()
    loaded = Period(since.date(), now.date())
    forget_days(loaded.first)  # the attribution's visitor days of those days are out of date
    for rollup in (FEEDBACK_DAYS, PROMPT_DAYS, *ANALYTICS_DAYS):  # and the feedback and analytics days
        forget_rollup_days(rollup.name, loaded.first, rollup.model)
    db.session.commit()
    with progressbar(length=queued_visitors(), label="Dashboard and funnel roll-ups (visitors)") as bar:
        refresh_rollups(BULK_BATCH_VISITORS, progress=bar.update)
    with progressbar(length=loaded.days, label="Attribution roll-ups (days)") as bar:
        prepare_attribution(loaded, now, progress=bar.update)
    with progressbar(length=loaded.days, label="Analytics roll-ups (days)") as bar:
        for day in loaded.dates():
            for rollup in ANALYTICS_DAYS:
                ensure_days(rollup, Period(day, day), now)
            bar.update(1)
    with progressbar(length=queued(), label="Visitor and lead insights") as bar:
        refresh_insights(BULK_BATCH, progress=bar.update)
