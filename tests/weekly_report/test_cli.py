"""`flask report weekly [--send] [--print] [--week DATE]`: the plain text on standard output, a
summary without flags, sending through a real SMTP server (aiosmtpd) with the archive, and clear
errors for a bad week, no recipients or a week already sent."""

import re

import pytest
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import OutgoingMail, WeeklyReportArchive
from leadcapture.reports.dashboard import dashboard
from leadcapture.reports.weekly.sections import SECTIONS
from tests.admin.rules_helpers import finish_jobs
from tests.pdf_text import pdf_pages, pdf_text
from tests.weekly_report.helpers import configure, load_demo_data

pytestmark = pytest.mark.heavy


def weekly(app, *args):
    return app.test_cli_runner().invoke(args=["report", "weekly", *args])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def figures(text: str, label: str) -> list[str]:
    """The cells of the text table's row ``label`` (this week, last week, change)."""
    match = re.search(rf"^  {re.escape(label)}  +(\S+(?: \S+ \S+)?) +(\S+(?: \S+ \S+)?)  (.+)$", text, re.M)
    assert match, f"no row {label!r} in:\n{text}"
    return list(match.groups())


def test_print_shows_every_section_with_the_weeks_figures(make_app):
    app = make_app()
    week = load_demo_data(app)
    result = weekly(app, "--print", "--week", str(week.first))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith(f"LeadCapture Clinic: Weekly report {week.first} to {week.last}\n")
    positions = [text.index(f"\n{kind.title.upper()}\n") for kind in SECTIONS.values()]
    assert positions == sorted(positions)  # every section, in order
    with app.app_context():
        board = dashboard(week)
        assert count(WeeklyReportArchive) == count(OutgoingMail) == 0  # printing sends nothing
    assert figures(text, "Visitors")[:2] == [f"{board.current.visitors:,}", f"{board.previous.visitors:,}"]
    assert figures(text, "Leads")[:2] == [f"{board.current.leads:,}", f"{board.previous.leads:,}"]
    assert figures(text, "Consent banner answers") == ["3", "2", "↑ 50%"]
    assert figures(text, "Answers allowing analytics") == ["66.7%", "50.0%", "↑ 33%"]
    assert re.search(r"^  By week: (\d{4}-\d\d-\d\d (\d\.\d\d|–)(, )?){8}$", text, re.M)
    assert re.search(r"^    \w.*: \d+ comments \(\d+\.\d%\)$", text, re.M)  # themes
    assert re.search(r"^    \d{4}-\d\d-\d\d rated [1-5]/5, (negative|positive)", text, re.M)
    assert f"http://127.0.0.1:5000/admin/?from={week.first}&to={week.last}" in text


def test_pdf_writes_the_report_with_the_same_figures(make_app, tmp_path):
    app = make_app()
    week = load_demo_data(app)
    printed = weekly(app, "--print", "--week", str(week.first)).stdout
    result = weekly(app, "--pdf", str(tmp_path / "week.pdf"), "--week", str(week.first))
    assert result.exit_code == 0 and result.output == "", result.output  # the file is the answer
    data = (tmp_path / "week.pdf").read_bytes()
    text = pdf_text(data)
    assert f"Weekly report {week.first} to {week.last}" in text
    for kind in SECTIONS.values():
        assert kind.title in text
    for label in ("Visitors", "Leads", "Answers allowing analytics"):
        assert " ".join([label, *figures(printed, label)]) in text
    assert sum(images for _text, images in pdf_pages(data)) == 1  # the rating trend as a chart


def test_without_flags_it_says_what_it_would_do(app):
    with app.app_context():
        configure(recipients=("boss@example.com", "team@example.com"), enabled=False)
    result = weekly(app)
    assert result.exit_code == 0, result.output
    headline, plan = result.output.splitlines()
    assert re.fullmatch(
        r"LeadCapture Clinic: Weekly report \S+ to \S+, 8 sections: "
        r"visitors 0 \(no change\), leads 0 .*, average rating – \(–\)\.",
        headline,
    )
    assert plan.startswith("Not sent. --print shows it, --send emails it to 2 recipient(s).")
    assert "The Monday 08:00 (UTC) schedule is off" in plan
    with app.app_context():
        assert count(WeeklyReportArchive) == 0


def test_send_mails_html_and_text_through_smtp_and_archives_it_once(make_app, smtp_server):
    app = make_app(**smtp_server.settings, CLINIC_TIMEZONE="Europe/Berlin")
    with app.app_context():
        configure(recipients=("boss@example.com", "Team@Example.com"), sections=("visits", "feedback"))
    result = weekly(app, "--send", "--week", "2026-11-04")
    assert result.exit_code == 0, result.output
    finish_jobs(app)
    with app.app_context():
        archive = db.session.scalars(select(WeeklyReportArchive)).one()
        assert (str(archive.week_start), str(archive.week_end), archive.source) == (
            "2026-11-02",
            "2026-11-08",
            "command",
        )
        assert archive.recipients == ["boss@example.com", "Team@example.com"]
        assert (
            result.output
            == f"Sent to 2 recipient(s) and archived: http://127.0.0.1:5000/admin/weekly-reports/{archive.id}\n"
        )
    assert sorted(message["To"] for message in smtp_server.messages) == [
        "Team@example.com",
        "boss@example.com",
    ]
    message = smtp_server.messages[0]
    assert message["Subject"] == "LeadCapture Clinic: weekly report 2026-11-02 to 2026-11-08"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.replace("\r\n", "\n") == archive.text_body
    assert "VISITS AND SESSIONS" in text and "FEEDBACK AND RATINGS" in text and "CONSENT" not in text
    assert '<h2 id="visits">Visits and sessions</h2>' in html and "Consent" not in html

    again = weekly(app, "--send", "--week", "2026-11-08")
    assert again.exit_code == 1
    assert (
        f"Error: The report for the week of 2026-11-02 was sent at {archive.sent_at:%Y-%m-%d %H:%M} UTC"
        in again.output
    )
    finish_jobs(app)
    assert len(smtp_server.messages) == 2


def test_send_and_print_keep_the_text_alone_on_standard_output(app):
    with app.app_context():
        configure()
    result = weekly(app, "--send", "--print")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("LeadCapture Clinic: Weekly report") and "Sent to" not in result.stdout
    assert result.stderr.startswith("Sent to 1 recipient(s) and archived: http://")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "30/11/2026"], "Invalid value for '--week': '30/11/2026' is not a date as YYYY-MM-DD"),
        (["--week", "2999-01-01"], "Invalid value for '--week': the week of 2998-12-31 has not ended yet"),
        (["--send"], "Error: No recipients: set them on http://127.0.0.1:5000/admin/weekly-report first."),
    ],
)
def test_bad_input_gets_a_clear_error_and_sends_nothing(app, args, message):
    result = weekly(app, *args)
    assert result.exit_code in (1, 2) and message in result.output, result.output
    assert "Traceback" not in result.output
    with app.app_context():
        assert count(WeeklyReportArchive) == count(OutgoingMail) == 0
