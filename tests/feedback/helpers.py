"""Feedback through the public API, and what the database then holds, for the feedback tests."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback, Lead


def browser(app):
    """A visitor's browser, with its ``lc_vid`` cookie from a first page view."""
    client = app.test_client()
    assert client.get("/").status_code == 200
    return client


def give_feedback(client, **body) -> str:
    """POST a feedback (a 5 in the app by default, ``body`` adds or overrides); its id."""
    response = client.post("/api/v1/feedback", json={"rating": 5, "context": "in_app", **body})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["feedback_id"]


def leave_contact(client, email: str, **details) -> None:
    response = client.post("/api/v1/leads", json={"email": email, "consent_marketing": False, **details})
    assert response.status_code == 201, response.get_json()


def feedback_row(app, feedback_id: str) -> Feedback:
    with app.app_context():
        row = db.session.get(Feedback, feedback_id)
        db.session.expunge(row)
        return row


def leads(app) -> list[Lead]:
    """Every lead, oldest first, detached."""
    with app.app_context():
        rows = list(db.session.scalars(select(Lead).order_by(Lead.id)))
        db.session.expunge_all()
        return rows
