"""The weekly report in the admin: admins set recipients (each invalid address named, nothing
saved), sections and the schedule, audited; admins and marketing read every report sent, its email
shown in a sandboxed frame; sales see none of it."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, WeeklyReportArchive
from leadcapture.reports.weekly.sections import SECTIONS
from leadcapture.reports.weekly.settings import ReportSettings, report_settings
from tests.admin.signin import signed_in_client
from tests.pdf_text import pdf_pages, pdf_text
from tests.weekly_report.helpers import archive_one

SECTION_BOXES = {f"section_{key}": "y" for key in SECTIONS}


def test_the_settings_page_shows_the_defaults(app):
    page = signed_in_client(app).get("/admin/weekly-report").get_data(as_text=True)
    assert '<input id="enabled" name="enabled" type="checkbox" value="y">' in page  # off
    assert all(f'<input checked id="section_{key}" name="section_{key}"' in page for key in SECTIONS)
    assert "Europe" not in page and "08:00 in UTC" in page


def test_saving_applies_and_is_audited_without_the_addresses(app):
    admin = signed_in_client(app)
    form = {
        "enabled": "y",
        "recipients": "Boss@Example.com, team@example.com;\n boss@example.COM \n\n",
        "section_visits": "y",
        "section_comments": "y",
    }
    response = admin.post("/admin/weekly-report", data=form)
    assert response.status_code == 302
    page = admin.get(response.location).get_data(as_text=True)
    assert "Weekly report settings saved." in page
    assert "Boss@example.com\nteam@example.com</textarea>" in page
    with app.app_context():
        assert report_settings() == ReportSettings(
            True, ("Boss@example.com", "team@example.com"), ("visits", "comments")
        )
        entry = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.target_kind == "weekly_report")
        ).one()
        assert (entry.action, entry.target_kind) == ("weekly_report.settings", "weekly_report")
        assert entry.detail == {
            "changed": ["enabled", "recipients", "sections"],
            "enabled": True,
            "recipients": 2,
            "sections": ["visits", "comments"],
        }


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (
            {"recipients": "boss@example.com\nnot-an-address, ann@@example.com"},
            "recipients",
            r"Not an email address: &#39;not-an-address&#39; \(.+\); &#39;ann@@example.com&#39; \(.+\)",
        ),
        (
            {"recipients": "boss@example.test"},
            "recipients",
            r"Not an email address: &#39;boss@example.test&#39;",
        ),
        (
            {"enabled": "y", "recipients": "  "},
            "recipients",
            "Give at least one address to send the report to.",
        ),
        ({"recipients": "boss@example.com", "no_sections": True}, "sections", "Choose at least one section."),
        (
            {"recipients": "\n".join(f"person{n}@example.com" for n in range(51))},
            "recipients",
            "At most 50 recipients.",
        ),
    ],
)
def test_bad_input_is_named_on_the_form_and_nothing_is_saved(app, form, field, message):
    data = {key: value for key, value in form.items() if key != "no_sections"}
    if "no_sections" not in form:
        data |= SECTION_BOXES
    response = signed_in_client(app).post("/admin/weekly-report", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert re.search(rf'<p class="field-error" id="{field}-error">{message}', page), page
    assert "Please correct the highlighted fields." in page
    if "recipients" in form:
        assert form["recipients"].strip() in page  # what was typed stays in the box
    with app.app_context():
        assert report_settings() == ReportSettings()
        assert "weekly_report.settings" not in db.session.scalars(select(AdminAuditEntry.action)).all()


def test_admins_and_marketing_read_the_archive_with_the_email_framed_safely(app):
    report_id = archive_one(app)
    for role in ("admin", "marketing"):
        client = signed_in_client(app, role)
        listing = client.get("/admin/weekly-reports").get_data(as_text=True)
        assert f'href="/admin/weekly-reports/{report_id}">2026-11-30 to 2026-12-06</a>' in listing
        assert ('data-testid="settings-link"' in listing) == (role == "admin")
        assert 'href="/admin/weekly-reports">Weekly report</a>' in client.get("/admin/").get_data(
            as_text=True
        )
        detail = client.get(f"/admin/weekly-reports/{report_id}").get_data(as_text=True)
        assert "LeadCapture Clinic: weekly report 2026-11-30 to 2026-12-06" in detail
        assert '<dd data-testid="archive-recipients">boss@example.com</dd>' in detail
        assert (
            f'<iframe class="archived-email" src="/admin/weekly-reports/{report_id}/email"\n'
            '    sandbox="allow-popups allow-popups-to-escape-sandbox"'
        ) in detail
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; The price is too high" in detail  # the text
        email = client.get(f"/admin/weekly-reports/{report_id}/email")
        assert email.status_code == 200 and email.mimetype == "text/html"
        html = email.get_data(as_text=True)
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; The price is too high" in html
        assert "<script" not in html
        policy = email.headers["Content-Security-Policy"]
        assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
        assert "sandbox allow-popups allow-popups-to-escape-sandbox" in policy and "script-src" not in policy
        assert email.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert client.get("/admin/weekly-reports/999999").status_code == 404
        assert client.get("/admin/weekly-reports/999999/email").status_code == 404
    # Every other admin page still refuses to be framed.
    assert (
        signed_in_client(app).get(f"/admin/weekly-reports/{report_id}").headers["X-Frame-Options"] == "DENY"
    )


def test_marketing_reads_but_does_not_change_and_sales_see_nothing(app):
    report_id = archive_one(app)
    marketing, sales = signed_in_client(app, "marketing"), signed_in_client(app, "sales")
    assert marketing.get("/admin/weekly-report").status_code == 403
    assert marketing.post("/admin/weekly-report", data={"recipients": "me@example.com"}).status_code == 403
    for path in (
        "/admin/weekly-reports",
        f"/admin/weekly-reports/{report_id}",
        f"/admin/weekly-reports/{report_id}/email",
    ):
        assert sales.get(path).status_code == 403
    assert "Weekly report</a>" not in sales.get("/admin/").get_data(as_text=True)


def test_the_archive_pages_by_52_weeks(app):
    with app.app_context():
        for weeks_back in range(53):
            monday = date(2026, 11, 30) - timedelta(weeks=weeks_back)
            db.session.add(
                WeeklyReportArchive(
                    week_start=monday,
                    week_end=monday + timedelta(days=6),
                    sent_at=datetime.combine(monday + timedelta(days=7), time(8)),
                    source="schedule",
                    recipients=["boss@example.com"],
                    subject=f"Week of {monday}",
                    text_body="",
                    html_body="",
                    report={},
                )
            )
        db.session.commit()
    client = signed_in_client(app, "marketing")
    first = client.get("/admin/weekly-reports").get_data(as_text=True)
    assert first.count('data-testid="weekly-report-') == 52 and "Week of 2026-11-30" in first
    assert 'href="/admin/weekly-reports?before=2025-12-08">Older reports</a>' in first
    older = client.get("/admin/weekly-reports?before=2025-12-08").get_data(as_text=True)
    assert older.count('data-testid="weekly-report-') == 1 and "Week of 2025-12-01" in older
    assert "Older reports" not in older
    bad = client.get("/admin/weekly-reports?before=someday")  # not a date: the newest weeks
    assert bad.status_code == 200 and bad.get_data(as_text=True).count('data-testid="weekly-report-') == 52


def test_an_empty_archive_says_so(app):
    page = signed_in_client(app, "marketing").get("/admin/weekly-reports").get_data(as_text=True)
    assert "No weekly report has been sent yet." in page


def test_an_archived_report_downloads_as_a_pdf_with_its_figures_comments_and_chart(app):
    report_id = archive_one(app)
    client = signed_in_client(app, "marketing")
    detail = client.get(f"/admin/weekly-reports/{report_id}").get_data(as_text=True)
    assert f'href="/admin/weekly-reports/{report_id}/report.pdf" data-testid="weekly-pdf"' in detail
    response = client.get(f"/admin/weekly-reports/{report_id}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="weekly-report-2026-11-30.pdf"' in response.headers["Content-Disposition"]
    pages = pdf_pages(response.data)
    text = pdf_text(response.data)
    assert "LeadCapture Clinic: Weekly report 2026-11-30 to 2026-12-06" in text
    assert "<script>alert('x')</script> The price is too high" in text  # a comment, as written
    assert sum(images for _text, images in pages) == 1  # the rating trend
    assert client.get("/admin/weekly-reports/999999/report.pdf").status_code == 404
    assert (
        signed_in_client(app, "sales").get(f"/admin/weekly-reports/{report_id}/report.pdf").status_code == 403
    )
