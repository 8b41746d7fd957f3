"""Feedback under erasure and retention: what the person wrote and who they said they were goes,
the ratings stay counted. Comments are cleared when FEEDBACK_RETENTION_DAYS old, not a second
before; an anonymous visitor's purge leaves its ratings."""

from datetime import timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback, Visitor
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.retention import purge
from tests.admin.report_data import at, session
from tests.feedback.helpers import browser, give_feedback
from tests.privacy.people import ANN, make_person
from tests.privacy.test_retention_limits import anonymous_visitor, summary

WRITTEN = ("comment", "name", "email", "organisation")


def feedback_rows() -> list[Feedback]:
    rows = list(db.session.scalars(select(Feedback).order_by(Feedback.created_at, Feedback.rating)))
    db.session.expunge_all()
    return rows


def test_erasure_keeps_the_ratings_and_removes_what_names_the_person(privacy_app, fake_hubspot):
    make_person(privacy_app, fake_hubspot, ANN, ["feedback"])
    with privacy_app.app_context():
        before = [(row.rating, row.context, row.tool, row.sentiment_label) for row in feedback_rows()]
        result = erase_person(ANN.email)
        assert result.counts["feedback"] == 2
        rows = feedback_rows()
    assert [(row.rating, row.context, row.tool, row.sentiment_label) for row in rows] == before
    assert sorted(before, key=str) == [
        (2, "tool_result", "cost_calculator", "negative"),
        (5, "in_app", None, None),
    ]
    for row in rows:
        assert [getattr(row, column) for column in WRITTEN] == [None] * 4
        assert (row.organisation_key, row.follow_up_consent) == (None, False)
        assert row.lead_id is not None and row.visitor_id is not None  # the anonymised lead, new ids


def old_feedback(created: str, comment: str | None = "Too pricey for me", **values) -> None:
    db.session.add(Feedback(rating=3, context="in_app", comment=comment, created_at=at(created), **values))
    db.session.commit()


def test_comments_are_cleared_when_feedback_retention_days_old(make_app):
    with make_app(FEEDBACK_RETENTION_DAYS=730).app_context():
        old_feedback("2025-03-01 08:00", name="Ann", email="ann@example.com", organisation="Lee Studio")
        old_feedback("2025-03-01 08:00", comment=None, name="Bob")
        old_feedback("2025-03-01 08:00:01")
        old_feedback("2025-02-01 08:00", comment=None)  # nothing written: nothing to clear
        limit = timedelta(days=730)
        due = at("2025-03-01 08:00") + limit

        assert summary(purge(due - timedelta(seconds=1)))["Feedback comments"] == {"comments": 0}
        assert summary(purge(due))["Feedback comments"] == {"comments": 2}
        rows = feedback_rows()
        assert [[getattr(row, column) for column in WRITTEN] for row in rows[:3]] == [[None] * 4] * 3
        assert rows[3].comment == "Too pricey for me"
        assert [row.rating for row in rows] == [3, 3, 3, 3]  # every rating stays
        assert summary(purge(due))["Feedback comments"] == {"comments": 0}


def test_the_purge_command_reports_the_comments_cleared(make_app):
    app = make_app()
    with app.app_context():
        old_feedback("2020-01-01 08:00")
    result = app.test_cli_runner().invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    assert "Feedback comments, 730 days old, cleared: comments 1" in result.output.splitlines()


def test_a_purged_anonymous_visitor_leaves_its_ratings(make_app):
    with make_app().app_context():
        anonymous_visitor("gone-visitor", "2024-01-02 09:00")
        session_id = db.session.scalar(select(Feedback.session_id)) or session(
            "gone-visitor", "2024-01-02 09:05"
        )
        old_feedback("2024-01-02 09:10", visitor_id="gone-visitor", session_id=session_id)
        purge(at("2025-06-01 00:00"))
        assert db.session.get(Visitor, "gone-visitor") is None
        (row,) = feedback_rows()
        assert (row.rating, row.visitor_id, row.session_id, row.comment) == (
            3,
            None,
            None,
            "Too pricey for me",
        )


def test_feedback_from_a_browser_is_cleared_after_its_retention_too(make_app):
    app = make_app(FEEDBACK_RETENTION_DAYS=1)
    give_feedback(browser(app), comment="Lovely staff", name="Ann")
    with app.app_context():
        (row,) = feedback_rows()
        purge(row.created_at + timedelta(days=1))
        (row,) = feedback_rows()
        assert (row.comment, row.name, row.rating, row.sentiment_label) == (None, None, 5, "positive")
