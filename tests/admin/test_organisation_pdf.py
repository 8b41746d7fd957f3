"""The organisation's feedback report as a PDF (seed 002's enterprise reporting): read back with
pypdf, it shows what the organisation's drill-down page and the feedback report filtered to it show,
its chart as an image, its comments, and no names or email addresses."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry
from tests.admin.feedback_data import feedback
from tests.admin.signin import signed_in_client
from tests.admin.test_feedback_themes_page import themes_of
from tests.pdf_text import pdf_pages, pdf_text
from tests.reports.planted import planted_comments

pytestmark = pytest.mark.heavy

WEEK = "from=2026-03-01&to=2026-03-07"
LEE = {"organisation": "Lee Skin Studio", "organisation_key": "lee skin studio"}
ACME = {"organisation_key": "acme.example"}
PDF = f"/admin/feedback/organisations/lee skin studio/report.pdf?{WEEK}"


@pytest.fixture
def lee(app):
    """Lee Skin Studio's week: Zoë's praise (with every rating), a complaint, a plain rating and 20
    planted comments; Acme's 20 planted comments and a complaint beside them; Lee's feedback of the
    next week."""
    with app.app_context():
        feedback(
            "2026-03-01 10:06",
            5,
            "Zoë was lovely — très bien 😀",
            sentiment_label="positive",
            name="Zoë Lee",
            email="zoe@leeskin.example",
            rating_experience=5,
            rating_tool=4,
            **LEE,
        )
        feedback(
            "2026-03-02 09:05",
            2,
            "Slow upload, the photo step crashed",
            sentiment_label="negative",
            rating_experience=2,
            rating_ease_of_use=1,
            tool="face_analysis",
            **LEE,
        )
        feedback("2026-03-04 12:03", 3, **LEE)
        feedback("2026-03-02 10:00", 1, "Acme's parking was a nightmare", sentiment_label="negative", **ACME)
        feedback("2026-03-09 10:00", 1, "Next week's complaint", **LEE)
        start = datetime(2026, 3, 1, 8)
        for number, (_topic, text) in enumerate(planted_comments(40, seed=3)):
            when = start + timedelta(hours=4 * number)
            feedback(f"{when:%Y-%m-%d %H:%M}", 4, text, **(LEE if number % 2 else ACME))
        db.session.commit()


def shown(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">([^<]*)<', html).group(1)


def test_the_pdf_shows_the_organisations_figures_ratings_and_comments(app, lee):
    client = signed_in_client(app, "marketing")
    response = client.get(PDF)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="feedback-lee_skin_studio-2026-03-01-2026-03-07.pdf"'
    )
    pages = pdf_pages(response.data)
    text = pdf_text(response.data)
    page = client.get(f"/admin/feedback/organisations/lee skin studio?{WEEK}").get_data(as_text=True)
    count, average, people = (shown(page, f"value-{name}") for name in ("count", "average", "people"))
    assert (count, average) == ("23", f"{(5 + 2 + 3 + 20 * 4) / 23:.2f}")
    for expected in (
        "Feedback report: Lee Skin Studio",
        "2026-03-01 to 2026-03-07 (7 days, UTC)",
        f"Feedback {count}",
        f"Average rating (1-5) {average}",
        f"People {people}",
        "Comments 22",
        "Negative comments 4.5%",  # one of 22
        f"Overall {average} {count}",
        "The experience 3.50 2",
        "The tool 4.00 1",
        "Ease of use 1.00 1",
        "Zoë was lovely — très bien 😀",
        "2026-03-01 10:06 UTC · rating 5/5 · positive",
        "Slow upload, the photo step crashed",
        "rating 2/5 · negative · face analysis",
        "Average rating per day",
    ):
        assert expected in text, expected
    assert sum(images for _text, images in pages) == 1  # the chart
    for absent in ("Zoë Lee", "zoe@leeskin.example", "Acme's parking", "Next week's complaint"):
        assert absent not in text


def test_its_themes_are_the_feedback_reports_for_the_organisation(app, lee):
    client = signed_in_client(app, "marketing")
    html = client.get(f"/admin/feedback?organisation=Lee Skin Studio&{WEEK}").get_data(as_text=True)
    themes = themes_of(html)
    assert len(themes) >= 2 and sum(count for _label, count in themes.values()) == 22
    text = pdf_text(client.get(PDF).data)
    for label, count in themes.values():
        assert f" {label} {count} " in text, label  # theme, comments, share
    assert "Slow upload, the photo step crashed" in text
    [theme] = re.findall(r"Slow upload, the photo step crashed .*? theme: (\w+ · \w+ · \w+)", text)
    assert theme in {label for label, _count in themes.values()}


def test_the_organisation_page_links_its_pdf_for_the_period_shown(app, lee):
    client = signed_in_client(app, "admin")
    html = client.get(f"/admin/feedback/organisations/lee skin studio?{WEEK}").get_data(as_text=True)
    link = re.search(r'href="([^"]+)" data-testid="organisation-pdf"', html).group(1)
    assert (
        link
        == "/admin/feedback/organisations/lee%20skin%20studio/report.pdf?from=2026-03-01&amp;to=2026-03-07"
    )
    assert client.get(link.replace("&amp;", "&")).mimetype == "application/pdf"


def test_the_download_is_in_the_audit_log(app, lee):
    signed_in_client(app, "marketing").get(PDF)
    with app.app_context():
        entry = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "feedback.organisation_report")
        ).one()
        assert entry.detail == {"organisation": "lee skin studio", "from": "2026-03-01", "to": "2026-03-07"}


def test_a_period_without_feedback_still_makes_a_report(app, lee):
    text = pdf_text(signed_in_client(app).get(PDF.replace(WEEK, "from=2026-04-01&to=2026-04-07")).data)
    assert "Feedback 0" in text and "Average rating (1-5) –" in text
    assert "No comments in this period." in text and "No themes" in text


def test_a_large_organisation_prints_its_newest_comments_and_says_so(app):
    with app.app_context():
        start = datetime(2026, 3, 1, 8)
        for number in range(501):
            feedback(
                f"{start + timedelta(minutes=10 * number):%Y-%m-%d %H:%M}",
                4,
                f"Comment number {number}",
                **LEE,
            )
        db.session.commit()
    text = pdf_text(signed_in_client(app).get(PDF).data)
    assert "Feedback 501" in text and "People and the chart count the newest 500 feedback." in text
    assert "Comment number 500" in text and "Comment number 401" in text and "Comment number 400" not in text
    assert "The newest 100 comments; the CSV export has them all." in text


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/admin/feedback/organisations/nobody.example/report.pdf", 404, ""),
        (f"{PDF.split('?')[0]}?from=2026-03-32", 400, "YYYY-MM-DD"),
        (f"{PDF.split('?')[0]}?from=2026-03-07&to=2026-03-01", 400, "must not be after"),
        (f"{PDF.split('?')[0]}?days=0", 400, "whole number"),
    ],
)
def test_an_unknown_organisation_or_a_bad_period_is_refused_clearly(app, lee, path, status, message):
    response = signed_in_client(app, "marketing").get(path)
    assert response.status_code == status and message in response.get_data(as_text=True)
