"""Comments quoted in archived reports go when the comment goes: an erasure takes the person's out
(``leadcapture.privacy.erase``), the feedback retention every report's once its week is that old.
The report's data and bodies, and the emails that carried them, are rendered again without them.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import WeeklyReportArchive
from leadcapture.reports.weekly.archive import rewrite
from leadcapture.reports.weekly.model import WeeklyReport
from leadcapture.reports.weekly.week import week_of

QUOTING = WeeklyReportArchive.quoted_comments > 0


def forget_quoted_comments(feedback: Iterable[tuple[str, datetime]]) -> int:
    """Take the comments of ``feedback`` ((id, given at) rows) out of the reports quoting them;
    no commit. Returns how many reports changed."""
    feedback = list(feedback)
    weeks = {week_of(given.date()).first for _id, given in feedback}
    if not weeks:
        return 0
    ids = {feedback_id for feedback_id, _given in feedback}
    query = select(WeeklyReportArchive).where(QUOTING, WeeklyReportArchive.week_start.in_(weeks))
    return _rewritten(db.session.scalars(query), lambda report: report.without_comments(ids))


def quoting_reports_before(cutoff: datetime) -> int:
    """How many reports of weeks starting at or before ``cutoff`` still quote comments."""
    return db.session.scalar(
        select(func.count()).select_from(WeeklyReportArchive).where(QUOTING, _started_by(cutoff.date()))
    )


def clear_quotes_before(cutoff: datetime, _now: datetime, progress: Callable[[int], None]) -> Counter[str]:
    """The retention step: no quoted comment left in the reports of weeks starting at or before
    ``cutoff`` (a week's comments are no older than its start); commits."""
    query = select(WeeklyReportArchive).where(QUOTING, _started_by(cutoff.date()))
    count = _rewritten(db.session.scalars(query), lambda report: report.without_comments(_all(report)))
    db.session.commit()
    progress(count)
    return Counter({"reports": count})


def _started_by(day: date):
    return WeeklyReportArchive.week_start <= day


def _all(report: WeeklyReport) -> set[str]:
    return {comment.feedback_id for comment in report.comments}


def _rewritten(archives, without: Callable[[WeeklyReport], WeeklyReport]) -> int:
    changed = 0
    for archive in list(archives):
        report = WeeklyReport.from_dict(archive.report)
        kept = without(report)
        if len(kept.comments) < len(report.comments):
            rewrite(archive, kept)
            changed += 1
    return changed
