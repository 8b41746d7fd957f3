"""Bringing the admin reports' roll-ups up to date after rows were bulk-loaded.

The four steps read and write tables of their own. Each alternates between Python and the
database, so on PostgreSQL they run at once in forked children (``leadcapture.forked``), each
with its own connection, and use every core; on SQLite (one writer at a time) one after another.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from leadcapture.extensions import db
from leadcapture.forked import Send, own_connections, run_forked
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
Progress = Callable[[int], None]
# The analytics pages' roll-ups, counted here a week at a time (a few seconds a day at the benchmark's size).
ANALYTICS_DAYS = (RETENTION_DAYS, EVENT_DAYS, TOOL_STEP_DAYS)
ANALYTICS_DAYS_AT_ONCE = 7


@dataclass(frozen=True)
class Step:
    """One roll-up to bring up to date: ``run(progress)`` calls ``progress`` with the ``unit``s
    done, ``length`` of them in all."""

    name: str
    unit: str
    length: int
    run: Callable[[Progress], None]


def update_rollups_after_load(since: datetime, progressbar: ProgressBar, at_once: bool | None = None) -> None:
    """Recount the report roll-ups from ``since`` (rows were just loaded from then on) to now, so
    that the first admin page viewed afterwards does not have to, on a ``progressbar``; commits.
    ``at_once``: the steps in parallel processes (default: on PostgreSQL)."""
    now = utcnow()
    loaded = Period(since.date(), now.date())
    forget_days(loaded.first)  # the attribution's visitor days of those days are out of date
    for rollup in (FEEDBACK_DAYS, PROMPT_DAYS, *ANALYTICS_DAYS):  # and the feedback and analytics days
        forget_rollup_days(rollup.name, loaded.first, rollup.model)
    db.session.commit()
    steps = [
        Step(
            "dashboard and funnel",
            "visitors",
            queued_visitors(),
            lambda done: refresh_rollups(BULK_BATCH_VISITORS, progress=done),
        ),
        Step("attribution", "days", loaded.days, partial(prepare_attribution, loaded, now)),
        Step("analytics", "days", loaded.days, partial(_count_analytics_days, loaded, now)),
        Step("insights", "queued", queued(), lambda done: refresh_insights(BULK_BATCH, progress=done)),
    ]
    if db.engine.dialect.name == "postgresql" if at_once is None else at_once:
        _run_at_once(steps, progressbar)
    else:
        for step in steps:
            with progressbar(length=step.length, label=f"Report roll-ups: {step.name} ({step.unit})") as bar:
                step.run(bar.update)


def _count_analytics_days(loaded: Period, now: datetime, progress: Progress) -> None:
    # A week at a time: each call reads and marks its days and commits, which cost more than the
    # counting itself on a small load (273 calls took 5.7 s of a 150-visitor demo's 11 s).
    for week in loaded.parts(ANALYTICS_DAYS_AT_ONCE):
        for rollup in ANALYTICS_DAYS:
            ensure_days(rollup, week, now)
        progress(week.days)


def _run_at_once(steps: list[Step], progressbar: ProgressBar) -> None:
    """Each step in a forked child, one bar for the units of them all."""
    db.session.close()  # nothing of this process's transaction state goes into the children
    label = f"Report roll-ups at once: {', '.join(step.name for step in steps)}"
    with progressbar(length=sum(step.length for step in steps), label=label) as bar:
        for _child, done in run_forked([partial(_in_child, step) for step in steps], name="rollups"):
            bar.update(done)


def _in_child(step: Step, send: Send) -> None:
    own_connections()
    step.run(send)
