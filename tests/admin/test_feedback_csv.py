"""/admin/feedback.csv: the feedback the page's filters choose, streamed, with each comment's theme;
the export is in the audit log."""

import csv
import io
from datetime import datetime, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry
from leadcapture.reports.feedback_csv import HEADER
from tests.admin.feedback_data import feedback, known_week
from tests.admin.signin import signed_in_client
from tests.reports.planted import planted_comments

WEEK = "from=2026-03-01&to=2026-03-07"


def exported(client, query: str = "") -> list[dict]:
    response = client.get(f"/admin/feedback.csv?{WEEK}&{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="feedback-2026-03-01-2026-03-07.csv"'
    )
    lines = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert tuple(lines[0]) == HEADER
    return [dict(zip(HEADER, line, strict=True)) for line in lines[1:]]


def test_every_feedback_of_the_segment_newest_first(app):
    ids = known_week(app)
    client = signed_in_client(app, "marketing")
    rows = exported(client)
    assert [row["id"] for row in rows] == [
        ids["lee_neutral"],
        ids["acme_complaint"],
        ids["plain"],
        ids["lee_praise"],
    ]
    praise = rows[-1]
    assert praise["created_at_utc"] == "2026-03-01 10:00:00" and praise["rating"] == "5"
    assert (praise["email"], praise["organisation"], praise["follow_up_consent"]) == (
        "ana@leeskin.example",
        "Lee Skin Studio",
        "yes",
    )
    assert rows[1]["sentiment_score"] == "-0.7"  # a number, not a neutralised formula
    assert [row["id"] for row in exported(client, "tool=cost_calculator")] == [
        ids["plain"],
        ids["lee_praise"],
    ]
    # A comment filter exports the comments it chooses.
    assert [row["id"] for row in exported(client, "sentiment=negative")] == [ids["acme_complaint"]]
    with app.app_context():
        entries = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "feedback.export")
        ).all()
        assert [entry.detail["filters"].get("sentiment") for entry in entries] == [None, None, "negative"]


def test_comments_carry_their_theme_and_a_theme_filters_them(app):
    with app.app_context():
        start = datetime(2026, 3, 1, 8)
        for number, (_topic, text) in enumerate(planted_comments(120, seed=2)):
            feedback(f"{start + timedelta(minutes=60 * number)}", 3, text)
        db.session.commit()
    client = signed_in_client(app, "marketing")
    rows = exported(client)
    assert len(rows) == 120 and all(row["theme"] for row in rows)
    theme = rows[0]["theme"]
    page = client.get(f"/admin/feedback?{WEEK}").get_data(as_text=True)
    number = page.split(f">{theme}</a>")[0].rsplit('data-number="', 1)[1].split('"')[0]
    in_theme = exported(client, f"theme={number}")
    assert {row["theme"] for row in in_theme} == {theme}
    assert len(in_theme) == sum(row["theme"] == theme for row in rows)


def test_sales_may_not_export(app):
    assert signed_in_client(app, "sales").get(f"/admin/feedback.csv?{WEEK}").status_code == 403
