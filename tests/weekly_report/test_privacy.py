"""Comments quoted in archived reports go with the comment: erasing the person takes theirs out of
the report and of the emails that carried it; the feedback retention clears every quote of the
reports of weeks that old. The rest of each report stays."""

from datetime import date, datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import OutgoingMail, WeeklyReportArchive
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.retention import purge
from leadcapture.reports.weekly.archive import send_report
from leadcapture.reports.weekly.sections import weekly_report
from leadcapture.reports.weekly.week import week_of
from tests.admin.feedback_data import feedback
from tests.admin.rules_helpers import finish_jobs
from tests.privacy.helpers import add_lead
from tests.privacy.search import rows_holding

SENT = datetime(2026, 12, 7, 8, 0)
THEIRS = "Ask for Maria Quill at the desk, the price was far too high"
OTHERS = "Lovely staff and a calm room"


def send_week_with_comments(app) -> int:
    with app.app_context():
        lead_id = add_lead("maria@example.com", name="Maria Quill")
        feedback(
            "2026-12-02 10:00", 1, THEIRS, sentiment_label="negative", lead_id=lead_id, name="Maria Quill"
        )
        feedback("2026-12-03 10:00", 5, OTHERS, sentiment_label="positive")
        db.session.commit()
        report = weekly_report(week_of(date(2026, 12, 2)), now=SENT)
        archive = send_report(report, ("boss@example.com", "team@example.com"), "schedule", SENT)
        assert THEIRS in archive.text_body and THEIRS in archive.html_body
        finish_jobs(app)
        return archive.id


def bodies(archive_id: int) -> list[str]:
    db.session.expire_all()
    archive = db.session.get(WeeklyReportArchive, archive_id)
    mails = db.session.scalars(select(OutgoingMail).where(OutgoingMail.id.in_(archive.mail_ids))).all()
    return [
        archive.text_body,
        archive.html_body,
        *(mail.text_body for mail in mails),
        *(m.html_body for m in mails),
    ]


def test_erasing_a_person_takes_their_comment_out_of_archived_reports_and_their_emails(make_app):
    app = make_app()
    archive_id = send_week_with_comments(app)
    with app.app_context():
        result = erase_person("maria@example.com")
        assert result.counts["weekly_reports"] == 1
        assert rows_holding(["Maria Quill", "far too high"]) == {}
        texts = bodies(archive_id)
        assert len(texts) == 6 and all(OTHERS in text for text in texts)
        archive = db.session.get(WeeklyReportArchive, archive_id)
        assert archive.quoted_comments == 1
        assert [comment[1] for comment in archive.report["sections"][-1]["comments"]] == [OTHERS]
        assert "FEEDBACK AND RATINGS" in archive.text_body  # the figures stay
        assert erase_person("maria@example.com").found is False


def test_the_feedback_retention_clears_the_quotes_of_reports_of_weeks_that_old(make_app):
    app = make_app(FEEDBACK_RETENTION_DAYS=30)
    archive_id = send_week_with_comments(app)
    with app.app_context():
        step = "Comments quoted in weekly reports, 30 days old, cleared"
        early = [result.describe() for result in purge(datetime(2026, 12, 29, 12, 0))]
        assert f"{step}: reports 0" in early
        assert all(THEIRS in text and OTHERS in text for text in bodies(archive_id))
        # The week of Nov 30 started 30 days before Dec 31: no comment of it is quoted any more.
        late = [result.describe() for result in purge(datetime(2026, 12, 31, 12, 0))]
        assert f"{step}: reports 1" in late
        texts = bodies(archive_id)
        assert not any(THEIRS in text or OTHERS in text for text in texts)
        assert "VISITS AND SESSIONS" in texts[0]  # the figures stay
        assert db.session.get(WeeklyReportArchive, archive_id).quoted_comments == 0
