"""Sending a weekly report: it is archived and mailed (HTML and plain text) to each recipient in
one transaction, so every report sent is in the archive and a week is sent once: a second
sender's archive row breaks the unique week and its whole transaction, mails included, goes."""

import logging
from datetime import date, datetime

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from leadcapture.extensions import db
from leadcapture.mail import send_mail
from leadcapture.models import OutgoingMail, WeeklyReportArchive
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.model import WeeklyReport
from leadcapture.reports.weekly.render import report_html, report_text, subject

log = logging.getLogger(__name__)


def archive_link(report_id: int) -> str:
    """The archived report's page in the admin."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/admin/weekly-reports/{report_id}"


def archived(week: Period) -> WeeklyReportArchive | None:
    """The report sent for ``week``, if one was."""
    return db.session.scalars(
        select(WeeklyReportArchive).where(WeeklyReportArchive.week_start == week.first)
    ).first()


def send_report(
    report: WeeklyReport, recipients: tuple[str, ...], source: str, now: datetime
) -> WeeklyReportArchive | None:
    """Archive ``report`` and mail it to ``recipients`` (the mails go from a job after the commit);
    commits. None, with nothing sent, when its week was archived meanwhile."""
    archive = WeeklyReportArchive(
        week_start=report.week.first,
        week_end=report.week.last,
        sent_at=now,
        source=source,
        recipients=list(recipients),
        subject=subject(report),
        text_body="",
        html_body="",
        report={},
        quoted_comments=0,
        mail_ids=[],
    )
    db.session.add(archive)
    try:
        db.session.flush()  # waits for, then fails on, another sender's row for the week
    except IntegrityError:
        db.session.rollback()
        log.info("weekly report for %s: already sent by another worker", report.week.first)
        return None
    rewrite(archive, report)
    archive.mail_ids = [
        send_mail(address, archive.subject, archive.text_body, archive.html_body).id for address in recipients
    ]
    db.session.commit()
    log.info("weekly report for %s sent to %d recipients", report.week.first, len(recipients))
    return archive


def rewrite(archive: WeeklyReportArchive, report: WeeklyReport) -> None:
    """Keep ``report`` as ``archive``'s data and bodies, and its emails' (no commit)."""
    link = archive_link(archive.id)
    archive.report = report.to_dict()
    archive.quoted_comments = len(report.comments)
    archive.text_body, archive.html_body = report_text(report, link), report_html(report, link)
    if archive.mail_ids:
        db.session.execute(
            update(OutgoingMail)
            .where(OutgoingMail.id.in_(archive.mail_ids))
            .values(text_body=archive.text_body, html_body=archive.html_body)
        )


def archived_reports(before: date | None = None, limit: int = 52) -> list[WeeklyReportArchive]:
    """The archived reports of the newest weeks (before the week of ``before``, for the next page)."""
    query = select(WeeklyReportArchive).order_by(WeeklyReportArchive.week_start.desc()).limit(limit)
    if before is not None:
        query = query.where(WeeklyReportArchive.week_start < before)
    return list(db.session.scalars(query))


def archived_report(report_id: int) -> WeeklyReportArchive | None:
    return db.session.get(WeeklyReportArchive, report_id)
