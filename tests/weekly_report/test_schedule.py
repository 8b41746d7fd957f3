"""The `weekly-report` job: run every 15 minutes by an injected clock, it sends each week's report
exactly once, on Monday at 08:00 clinic time (a daylight-saving change in between), only when
turned on and given recipients; a second sender of the same week sends nothing."""

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.jobs.table import JOBS
from leadcapture.models import OutgoingMail, WeeklyReportArchive
from leadcapture.reports.weekly.archive import send_report
from leadcapture.reports.weekly.schedule import send_due_report
from leadcapture.reports.weekly.sections import weekly_report
from leadcapture.reports.weekly.week import week_of
from tests.clock import ManualClock
from tests.weekly_report.helpers import configure

RUN_EVERY = 15 * 60


def run_job(clock: ManualClock, until: datetime) -> list[datetime]:
    """Run the job at each tick of ``clock`` up to ``until``; when it sent a report."""
    sent = []
    while clock() < until.replace(tzinfo=UTC).timestamp():
        now = datetime.fromtimestamp(clock(), UTC).replace(tzinfo=None)
        if send_due_report(now) is not None:
            sent.append(now)
        clock.advance(RUN_EVERY)
    return sent


def clock_at(moment: datetime) -> ManualClock:
    return ManualClock(moment.replace(tzinfo=UTC).timestamp())


def archived_weeks() -> list[str]:
    query = select(WeeklyReportArchive.week_start).order_by(WeeklyReportArchive.week_start)
    return [day.isoformat() for day in db.session.scalars(query)]


def test_the_job_runs_every_fifteen_minutes():
    job = JOBS["weekly-report"]
    assert (job.function, job.period) == ("leadcapture.reports.weekly.schedule.send_due_report", RUN_EVERY)


def test_once_a_week_on_monday_at_eight_new_york_time_across_the_end_of_summer_time(make_app):
    app = make_app(CLINIC_TIMEZONE="America/New_York")
    with app.app_context():
        configure(recipients=("boss@example.com", "team@example.com"))
        clock = clock_at(datetime(2026, 10, 26, 4, 0))  # Monday, midnight in New York
        sent = run_job(clock, until=datetime(2026, 11, 10))
        # 08:00 EDT is 12:00 UTC; New York leaves summer time on Sunday Nov 1: 08:00 EST is 13:00 UTC.
        assert sent == [
            datetime(2026, 10, 26, 12, 0),
            datetime(2026, 11, 2, 13, 0),
            datetime(2026, 11, 9, 13, 0),
        ]
        assert archived_weeks() == ["2026-10-19", "2026-10-26", "2026-11-02"]
        mails = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()
        assert [mail.recipient for mail in mails] == ["boss@example.com", "team@example.com"] * 3
        assert mails[0].subject == "LeadCapture Clinic: weekly report 2026-10-19 to 2026-10-25"
        archive = db.session.scalars(
            select(WeeklyReportArchive).order_by(WeeklyReportArchive.week_start)
        ).first()
        assert (archive.source, archive.sent_at, archive.mail_ids) == (
            "schedule",
            datetime(2026, 10, 26, 12, 0),
            [mails[0].id, mails[1].id],
        )


def test_a_week_missed_on_monday_goes_later_that_week_and_only_its_own(make_app):
    app = make_app(CLINIC_TIMEZONE="Europe/Berlin")
    with app.app_context():
        configure(enabled=False)
        clock = clock_at(datetime(2026, 11, 30, 6, 0))
        assert run_job(clock, until=datetime(2026, 12, 2, 9, 0)) == []  # turned off
        configure(enabled=True)
        # Turned on on Wednesday: last week's report goes at the next run, the week before never.
        assert run_job(clock, until=datetime(2026, 12, 7, 9, 0)) == [
            datetime(2026, 12, 2, 9, 0),
            datetime(2026, 12, 7, 7, 0),  # 08:00 in Berlin (UTC+1)
        ]
        assert archived_weeks() == ["2026-11-23", "2026-11-30"]


def test_the_week_sent_from_the_command_line_is_not_sent_again(make_app):
    app = make_app()
    with app.app_context():
        configure()
        monday = datetime(2026, 12, 7, 8, 0)
        report = weekly_report(week_of(monday.date() - timedelta(days=7)), now=monday)
        assert send_report(report, ("boss@example.com",), "command", monday) is not None
        assert run_job(clock_at(monday), until=monday + timedelta(days=2)) == []
        assert send_report(report, ("boss@example.com",), "command", monday) is None  # the unique week
        assert db.session.scalars(select(OutgoingMail.recipient)).all() == ["boss@example.com"]
        assert archived_weeks() == ["2026-11-30"]


def test_two_workers_at_the_same_moment_send_the_week_once(postgres_app):
    with postgres_app.app_context():
        configure()
    monday = datetime(2026, 12, 7, 8, 15)
    start = threading.Barrier(2)
    results = []

    def worker():
        with postgres_app.app_context():
            start.wait()
            results.append(send_due_report(monday))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    with postgres_app.app_context():
        assert archived_weeks() == ["2026-11-30"]
        assert db.session.scalars(select(OutgoingMail.recipient)).all() == ["boss@example.com"]
    assert sorted(results, key=lambda value: value is None)[1] is None
