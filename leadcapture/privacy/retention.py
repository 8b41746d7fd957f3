"""Retention: what is kept how long, and the purge that applies it (``flask privacy purge`` and the
daily ``privacy-purge`` job run the same ``purge``).

Each data type is one step of ``PURGE_STEPS``, with the setting that holds its retention in days:
whatever is that old (or older) at ``now`` goes. A new data type is one step there.
"""

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update

from leadcapture.extensions import db
from leadcapture.media import (
    UPLOADED_WITH_RECOMMENDATIONS,
    count_kept_before,
    purge_expired_face_photos,
    purge_expired_media,
)
from leadcapture.models import Feedback, FeedbackReply
from leadcapture.models.event_partitions import ensure_months, events_before, month_of, remove_months_before
from leadcapture.models.types import utcnow
from leadcapture.privacy import scrub
from leadcapture.privacy.lead_retention import (
    anonymise_inactive_leads,
    count_deleted_leads_due,
    count_inactive_leads,
    erase_deleted_leads,
)
from leadcapture.privacy.visitor_retention import count_expired_visitors, purge_visitors
from leadcapture.reports.weekly.quotes import clear_quotes_before, quoting_reports_before
from leadcapture.webhooks.deliveries import count_old_deliveries, purge_old_deliveries

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass(frozen=True)
class PurgeStep:
    label: str  # the data type
    setting: str  # the config key of its retention, in days
    verb: str  # what happens to it: removed, anonymised...
    pending: Callable[[datetime], int]  # cutoff -> how much is due (a progress bar's length)
    # (cutoff, now, progress) -> how many rows (or files) of each kind went; commits
    purge: Callable[[datetime, datetime, Progress], Counter[str]]


def _pending_events(cutoff: datetime) -> int:
    return events_before(month_of(cutoff))


def _purge_events(cutoff: datetime, now: datetime, progress: Progress) -> Counter[str]:
    """Events go a month at a time, once the whole month is past retention (on PostgreSQL its
    partition is dropped); the coming months' partitions are made on the way."""
    ensure_months(now)
    removed = Counter(remove_months_before(month_of(cutoff), progress))
    db.session.commit()
    return removed


def step_at_now(
    label: str,
    setting: str,
    kind: str,
    purge_at: Callable[[datetime], int],
    pending: Callable[[datetime], int] = lambda _cutoff: 0,
) -> PurgeStep:
    """A step around a purge that applies ``setting`` at ``now`` itself and says how many went
    (``purge_at(now)``, e.g. the media's ``purge_expired_media``)."""

    def purge(_cutoff: datetime, now: datetime, progress: Progress) -> Counter[str]:
        count = purge_at(now)
        progress(count)
        return Counter({kind: count})

    return PurgeStep(label, setting, "removed", pending, purge)


def _replies_due(cutoff: datetime):
    """Staff's answers to feedback go with the feedback's comment."""
    return FeedbackReply.feedback_id.in_(select(Feedback.id).where(Feedback.created_at <= cutoff))


def _pending_replies(cutoff: datetime) -> int:
    return db.session.scalar(select(func.count()).select_from(FeedbackReply).where(_replies_due(cutoff)))


def _purge_replies(cutoff: datetime, _now: datetime, progress: Progress) -> Counter[str]:
    count = db.session.execute(delete(FeedbackReply).where(_replies_due(cutoff))).rowcount
    db.session.commit()
    progress(count)
    return Counter({"replies": count})


def cleared_step(label: str, setting: str, created, values: dict, kind: str) -> PurgeStep:
    """A step setting the columns of ``values`` (e.g. ``{"comment": None}``) in the rows whose time
    column ``created`` (a model's attribute) is at or before the cutoff, where one of them is still
    set: the rows stay (they are counted), what they held goes."""
    model = created.class_

    def due(cutoff: datetime):
        return and_(created <= cutoff, or_(*(getattr(model, column).is_not(None) for column in values)))

    def pending(cutoff: datetime) -> int:
        return db.session.scalar(select(func.count()).select_from(model).where(due(cutoff)))

    def purge(cutoff: datetime, _now: datetime, progress: Progress) -> Counter[str]:
        count = db.session.execute(update(model).where(due(cutoff)).values(**values)).rowcount
        db.session.commit()
        progress(count)
        return Counter({kind: count})

    return PurgeStep(label, setting, "cleared", pending, purge)


PURGE_STEPS = (
    PurgeStep(
        "Anonymous visitors", "RETENTION_VISITOR_DAYS", "removed", count_expired_visitors, purge_visitors
    ),
    PurgeStep("Behaviour events", "RETENTION_VISITOR_DAYS", "removed", _pending_events, _purge_events),
    step_at_now(
        "Face photos",
        "PHOTO_RETENTION_DAYS",
        "photos",
        purge_expired_face_photos,
        lambda cutoff: count_kept_before(("face_photo",), cutoff),
    ),
    step_at_now(
        "Recommendation photos and voice notes",
        "MEDIA_RETENTION_DAYS",
        "files",
        purge_expired_media,
        lambda cutoff: count_kept_before(UPLOADED_WITH_RECOMMENDATIONS, cutoff),
    ),
    cleared_step(
        "Feedback comments",
        "FEEDBACK_RETENTION_DAYS",
        Feedback.created_at,
        scrub.FEEDBACK_WRITTEN,
        "comments",
    ),
    PurgeStep(
        "Inactive leads", "LEAD_RETENTION_DAYS", "anonymised", count_inactive_leads, anonymise_inactive_leads
    ),
    PurgeStep("Feedback replies", "FEEDBACK_RETENTION_DAYS", "removed", _pending_replies, _purge_replies),
    PurgeStep(
        "Comments quoted in weekly reports",
        "FEEDBACK_RETENTION_DAYS",
        "cleared",
        quoting_reports_before,
        clear_quotes_before,
    ),
    PurgeStep("Deleted leads", "DELETED_LEAD_DAYS", "erased", count_deleted_leads_due, erase_deleted_leads),
    PurgeStep(
        "Webhook deliveries", "WEBHOOK_RETENTION_DAYS", "removed", count_old_deliveries, purge_old_deliveries
    ),
)


@dataclass(frozen=True)
class StepResult:
    step: PurgeStep
    cutoff: datetime
    removed: Counter[str]

    def describe(self) -> str:
        """E.g. "Anonymous visitors, 395 days old, removed: visitors 3, sessions 7, events 0"."""
        counts = ", ".join(f"{kind} {count:,}" for kind, count in self.removed.items())
        days = current_app.config[self.step.setting]
        return f"{self.step.label}, {days:,} days old, {self.step.verb}: {counts}"


def cutoff_for(step: PurgeStep, now: datetime) -> datetime:
    """The moment at or before which ``step``'s data is past its retention."""
    days = current_app.config[step.setting]
    if days < 0:
        raise ValueError(f"{step.setting} must be 0 or more days, not {days}")
    return now - timedelta(days=days)


def purge(now: datetime) -> list[StepResult]:
    """Apply every step of the retention at ``now``; commits."""
    return list(purge_steps(now))


def purge_steps(
    now: datetime, bar: Callable[[str, int], AbstractContextManager[Progress]] | None = None
) -> Iterator[StepResult]:
    """``purge``, one step each time the iterator is advanced, yielding its result. With ``bar``
    (label, length -> a context giving a progress function, e.g. a click progress bar's
    ``update``), each step first counts what is due and shows its progress."""
    for step in PURGE_STEPS:
        cutoff = cutoff_for(step, now)
        if bar is None:
            removed = step.purge(cutoff, now, lambda _done: None)
        else:
            with bar(step.label, step.pending(cutoff)) as progress:
                removed = step.purge(cutoff, now, progress)
        yield StepResult(step, cutoff, removed)


def purge_job() -> dict[str, int]:
    """The daily job: ``purge`` now, logged; returns the totals per kind."""
    totals = Counter()
    for result in purge_steps(utcnow()):
        log.info("Retention purge: %s", result.describe())
        totals.update(result.removed)
    return dict(totals)
