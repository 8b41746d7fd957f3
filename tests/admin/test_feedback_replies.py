"""Staff answer a comment by email (seed 002's "feedback response"): the mail is kept and sent by the
mail job, the reply is kept and audited; feedback that cannot be answered says why; the form needs
its CSRF token; an erased person's replies go, and so do replies past the comments' retention."""

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.accounts import ensure_user
from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, FeedbackReply, OutgoingMail
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.privacy.erase import erase_person
from leadcapture.privacy.retention import purge
from tests.admin.feedback_data import feedback
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import PASSWORD, csrf_token, signed_in_client, staff_email

COMMENT = "The upload kept failing on my phone.\nCould someone call me?"


@pytest.fixture
def answerable(app) -> str:
    with app.app_context():
        feedback_id = feedback(
            "2026-03-02 09:30",
            2,
            COMMENT,
            name="Bo Acme",
            email="bo@acme.example",
            follow_up_consent=True,
        )
        db.session.commit()
    return feedback_id


def kept_mail(app) -> list[OutgoingMail]:
    with app.app_context():
        rows = db.session.scalars(select(OutgoingMail)).all()
        db.session.expunge_all()
        return rows


def test_marketing_answers_a_comment_by_email(app, answerable):
    client = signed_in_client(app, "marketing")
    response = client.post(
        f"/admin/feedback/{answerable}/reply", data={"reply": "  Sorry about that! We will call you today.  "}
    )
    assert response.status_code == 303 and response.location.endswith(f"/admin/feedback/{answerable}")
    [mail] = kept_mail(app)
    assert mail.recipient == "bo@acme.example" and mail.subject == "Your feedback to LeadCapture Clinic"
    assert "Hello Bo Acme," in mail.text_body
    assert "> The upload kept failing on my phone.\n> Could someone call me?" in mail.text_body
    assert "Sorry about that! We will call you today.\n\nLeadCapture Clinic" in mail.text_body
    finish_jobs(app)  # its job sends it (no MAIL_SERVER: to the log)
    assert [message.status for message in kept_mail(app)] == ["logged"]
    with app.app_context():
        [reply] = db.session.scalars(select(FeedbackReply)).all()
        assert (reply.body, reply.mail_id) == ("Sorry about that! We will call you today.", mail.id)
        [entry] = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "feedback.reply")
        ).all()
        assert (entry.target_kind, entry.target_id, entry.detail) == (
            "feedback",
            answerable,
            {"reply_id": reply.id},
        )
        assert entry.actor_id == reply.author_id
    page = client.get(f"/admin/feedback/{answerable}").get_data(as_text=True)
    assert "Your reply is on its way by email." in page
    assert 'data-testid="reply"' in page and "marketing@example.com" in page


@pytest.mark.parametrize(
    ("values", "reply", "message"),
    [
        ({"follow_up_consent": False, "email": "bo@acme.example"}, "Hello", "did not agree to be contacted"),
        ({"email": None}, "Hello", "no email address was left"),
        ({"email": "bo@acme.example", "follow_up_consent": True, "comment": None}, "Hello", "no comment"),
        ({"email": "bo@acme.example", "follow_up_consent": True}, "   ", "write the answer"),
        ({"email": "bo@acme.example", "follow_up_consent": True}, "x" * 5001, "at most 5,000"),
    ],
)
def test_what_cannot_be_answered_is_refused_with_the_reason(app, values, reply, message):
    with app.app_context():
        values = dict(values)  # the same parameters serve both databases
        feedback_id = feedback("2026-03-02 09:30", 2, values.pop("comment", COMMENT), **values)
        db.session.commit()
    client = signed_in_client(app, "admin")
    response = client.post(f"/admin/feedback/{feedback_id}/reply", data={"reply": reply})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert kept_mail(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedbackReply)) == 0


def test_a_feedback_without_consent_shows_no_reply_form(app):
    with app.app_context():
        feedback_id = feedback("2026-03-02 09:30", 2, COMMENT, email="bo@acme.example")
        db.session.commit()
    page = signed_in_client(app, "admin").get(f"/admin/feedback/{feedback_id}").get_data(as_text=True)
    assert 'data-testid="reply-form"' not in page
    assert "did not agree to be contacted about their feedback" in page


def test_unknown_feedback_is_404(app):
    client = signed_in_client(app, "admin")
    assert client.get("/admin/feedback/nope").status_code == 404
    assert client.post("/admin/feedback/nope/reply", data={"reply": "Hi"}).status_code == 404


def test_the_reply_form_needs_its_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        ensure_user(staff_email("admin"), PASSWORD, "admin")
        feedback_id = feedback(
            "2026-03-02 09:30", 2, COMMENT, email="bo@acme.example", follow_up_consent=True
        )
        db.session.commit()
    client = app.test_client()
    signed_in = {"email": staff_email("admin"), "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/admin/login", data=signed_in).status_code == 302
    path = f"/admin/feedback/{feedback_id}/reply"
    refused = client.post(path, data={"reply": "Hello"})
    assert refused.status_code == 400 and "The CSRF token is missing." in refused.get_data(as_text=True)
    form = client.get(f"/admin/feedback/{feedback_id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(path, data={"reply": "Hello", "csrf_token": token}).status_code == 303
    assert len(kept_mail(app)) == 1


def test_erasing_the_person_deletes_the_replies_to_them(app):
    with app.app_context():
        seed_catalog()
    api = app.test_client()
    body = {
        "rating": 2,
        "context": "in_app",
        "comment": COMMENT,
        "name": "Bo Acme",
        "email": "bo@acme.example",
        "follow_up_consent": True,
    }
    feedback_id = api.post("/api/v1/feedback", json=body).get_json()["feedback_id"]
    app.extensions["inline_jobs"].shutdown()  # the reply's email stays kept, not in delivery, when erased
    client = signed_in_client(app, "admin")
    assert (
        client.post(
            f"/admin/feedback/{feedback_id}/reply", data={"reply": "Dear Bo Acme, we are sorry."}
        ).status_code
        == 303
    )
    with app.app_context():
        assert erase_person("bo@acme.example").found
        assert db.session.scalar(select(func.count()).select_from(FeedbackReply)) == 0


def test_replies_go_with_the_comment_after_its_retention(make_app, answerable):
    app = make_app(FEEDBACK_RETENTION_DAYS=30)
    client = signed_in_client(app, "admin")
    assert client.post(f"/admin/feedback/{answerable}/reply", data={"reply": "Thanks"}).status_code == 303
    given = datetime(2026, 3, 2, 9, 30)  # the answered feedback's time
    with app.app_context():
        before = {
            result.step.label: result.removed for result in purge(given + timedelta(days=30, seconds=-1))
        }
        assert before["Feedback replies"] == {"replies": 0}
        after = {result.step.label: result.removed for result in purge(given + timedelta(days=30))}
        assert after["Feedback replies"] == {"replies": 1}
