"""The follow-up email a day after a booking: once per booking, with a signed link to the feedback
form, only to people who booked and did not object; the job's time comes from an injected clock."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from leadcapture.cta.tools.appointment_booking import free_slots
from leadcapture.extensions import db
from leadcapture.feedback_prompts.followup import followup_prompt_id, send_followups
from leadcapture.feedback_prompts.lifecycle import mark_feedback_submitted
from leadcapture.feedback_prompts.settings import save_prompt_settings
from leadcapture.models import (
    Booking,
    ContactPrompt,
    FeedbackPrompt,
    Lead,
    MarketingConsentWithdrawal,
    OutgoingMail,
    VisitSession,
)
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.signed_links import LinkError
from tests.live import at_once


def book(api, app, email="ada@example.com") -> Booking:
    with app.app_context():
        slot = free_slots()[len(db.session.scalars(select(Booking.id)).all())]
    body = {"procedure": "botox", "slot": slot.isoformat() + "Z", "email": email, "name": "Ada"}
    response = api.post("/api/v1/tools/appointment_booking", json=body)
    assert response.status_code == 200, response.get_json()
    booking = db.session.get(Booking, response.get_json()["result"]["booking_id"])
    return booking


def sent_mail() -> list[OutgoingMail]:
    return db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)).all()


def token_of(mail: OutgoingMail) -> str:
    link = next(line for line in mail.text_body.splitlines() if "/feedback/?" in line)
    assert link.startswith("http://127.0.0.1:5000/feedback/?prompt=")
    return parse_qs(urlsplit(link).query)["prompt"][0]


def test_one_email_a_day_after_the_booking_with_a_signed_link(api, app):
    with app.app_context():
        booking = book(api, app)
        made = booking.created_at
        assert send_followups(now=made + timedelta(hours=23, minutes=59)) == 0
        assert send_followups(now=made + timedelta(hours=24)) == 1
        assert send_followups(now=made + timedelta(hours=30)) == 0  # once per booking
        [mail] = sent_mail()
        assert (mail.recipient, mail.subject) == ("ada@example.com", "How was booking your consultation?")
        assert "Hello Ada," in mail.text_body and "Botox" in mail.text_body
        assert "How was booking your consultation with us?" in mail.text_body
        prompt = db.session.scalars(select(FeedbackPrompt)).one()
        assert (prompt.prompt_type, prompt.booking_id, prompt.status) == ("email", booking.id, "shown")
        assert prompt.visitor_id == booking.visitor_id

        assert followup_prompt_id(token_of(mail), now=made + timedelta(days=2)) == prompt.id
        db.session.expire_all()
        assert db.session.get(FeedbackPrompt, prompt.id).status == "shown"  # opening is no answer
        answered = made + timedelta(days=2, minutes=3)
        assert mark_feedback_submitted(prompt.id, None, answered)
        db.session.commit()
        db.session.expire_all()
        prompt = db.session.get(FeedbackPrompt, prompt.id)
        assert (prompt.status, prompt.interacted_at, prompt.submitted_at) == ("submitted", answered, answered)


def test_a_link_works_for_thirty_days_and_cannot_be_forged(api, app):
    with app.app_context():
        made = book(api, app).created_at
        send_followups(now=made + timedelta(days=1))
        token = token_of(sent_mail()[0])
        with pytest.raises(LinkError) as expired:
            followup_prompt_id(token, now=made + timedelta(days=31, seconds=1))
        assert expired.value.status == 410 and "30 days" in expired.value.message
        with pytest.raises(LinkError) as forged:
            followup_prompt_id(token[:-2] + "xx", now=made + timedelta(days=2))
        assert forged.value.status == 400
        assert db.session.scalars(select(FeedbackPrompt.status)).one() == "shown"


def test_no_email_to_whoever_objected_was_erased_or_deleted_or_when_emails_are_off(api, app):
    with app.app_context():
        objected, erased, deleted = (book(api, app, f"{name}@example.com") for name in ("obj", "era", "del"))
        db.session.add(MarketingConsentWithdrawal(lead_id=objected.lead_id, channel="self_service"))
        db.session.get(Lead, erased.lead_id).erased_at = erased.created_at
        db.session.get(Lead, deleted.lead_id).deleted_at = deleted.created_at
        db.session.commit()
        assert send_followups(now=objected.created_at + timedelta(days=1)) == 0
        kept = book(api, app, "kept@example.com")
        save_prompt_settings({"enabled_types": ["tool_result"]}, actor_id=None)
        assert send_followups(now=kept.created_at + timedelta(days=1)) == 0
        save_prompt_settings({"enabled_types": ["email"], "email_delay_hours": 48}, actor_id=None)
        assert send_followups(now=kept.created_at + timedelta(days=1)) == 0
        assert send_followups(now=kept.created_at + timedelta(days=2)) == 1
        assert [mail.recipient for mail in sent_mail()] == ["kept@example.com"]


def test_a_booking_long_past_its_time_gets_none(api, app):
    with app.app_context():
        made = book(api, app).created_at
        assert send_followups(now=made + timedelta(days=4, hours=1)) == 0
        assert sent_mail() == []


def test_the_visitors_caps_hold_the_email_back_until_they_allow_it(api, app):
    with app.app_context():
        booking = book(api, app)
        for prompt_id in db.session.scalars(select(ContactPrompt.id)):
            api.post(f"/api/v1/prompts/{prompt_id}/closed", json={})
        shown = api.post("/api/v1/prompts", json={"type": "after_booking", "booking_id": booking.id})
        assert shown.status_code == 201
        api.post(f"/api/v1/prompts/{shown.get_json()['prompt_id']}/dismissed", json={})  # just after booking
        due = booking.created_at + timedelta(days=1)
        assert send_followups(now=due) == 0
        assert send_followups(now=due + timedelta(minutes=1)) == 1


def test_the_email_speaks_to_the_booking_sessions_engagement(api, app):
    with app.app_context():
        booking = book(api, app)
        session = db.session.scalars(
            select(VisitSession).where(VisitSession.visitor_id == booking.visitor_id)
        ).one()
        session.engagement_level = "very_high"
        db.session.commit()
        send_followups(now=booking.created_at + timedelta(days=1))
        [mail] = sent_mail()
        assert "You really explored your options with us!" in mail.text_body
        assert "Since you spent time exploring" in mail.text_body
        assert db.session.scalars(select(FeedbackPrompt.engagement_level)).one() == "very_high"


def test_the_emailed_link_opens_the_feedback_form_whose_answer_completes_the_prompt(api, app):
    with app.app_context():
        booking = book(api, app)
        booking.created_at -= timedelta(days=1)  # made yesterday: the page below reads the real time
        db.session.commit()
        send_followups(now=utcnow())
        token = token_of(sent_mail()[0])
        prompt_id = db.session.scalars(select(FeedbackPrompt.id)).one()
    phone = app.test_client()  # the person reads the email on another device
    page = phone.get(f"/feedback/?prompt={token}").get_data(as_text=True)
    assert (
        f'name="prompt_id" value="{prompt_id}"' in page
        and 'type="hidden" name="context" value="email"' in page
    )
    scanner = app.test_client()  # a mail provider's link scanner opens it too
    assert scanner.get(f"/feedback/?prompt={token}").status_code == 200
    with app.app_context():
        assert db.session.get(FeedbackPrompt, prompt_id).status == "shown"
    answer = {"rating": "5", "context": "email", "prompt_id": prompt_id, "comment": "Easy booking"}
    assert phone.post("/feedback/", data=answer).status_code == 200
    with app.app_context():
        assert db.session.get(FeedbackPrompt, prompt_id).status == "submitted"


def test_a_forged_link_still_opens_the_form_saying_so(api):
    page = api.get("/feedback/?prompt=forged").get_data(as_text=True)
    assert "This link is not valid" in page and "Your feedback is still welcome." in page
    assert 'name="prompt_id" value=""' in page and 'type="hidden" name="context" value="email"' in page


def test_whoever_booked_without_analytics_consent_gets_it_too(make_app):
    app = make_app(TRACKING_CONSENT="required")
    with app.app_context():
        seed_catalog()
    api = app.test_client()
    with app.app_context():
        booking = book(api, app)
        assert booking.visitor_id is None  # nothing tracked, the booking and its lead kept
        assert send_followups(now=booking.created_at + timedelta(days=1)) == 1
        assert "Thanks for visiting the clinic!" in sent_mail()[0].text_body
        assert db.session.scalars(select(FeedbackPrompt.visitor_id)).one() is None


def test_a_link_to_a_prompt_no_longer_kept_says_so(api, app):
    with app.app_context():
        booking = book(api, app)
        send_followups(now=booking.created_at + timedelta(days=1))
        token = token_of(sent_mail()[0])
        db.session.execute(db.delete(FeedbackPrompt))
        db.session.commit()
        with pytest.raises(LinkError) as gone:
            followup_prompt_id(token, now=booking.created_at + timedelta(days=2))
        assert gone.value.status == 404


def test_runs_racing_on_postgresql_send_one_email_a_booking(postgres_app):
    with postgres_app.app_context():
        seed_catalog()
        booking = book(postgres_app.test_client(), postgres_app)
        due = booking.created_at + timedelta(days=1)

    def run(_):
        with postgres_app.app_context():
            try:
                return send_followups(now=due)
            finally:
                db.session.remove()

    assert sum(at_once(4, run)) == 1
    with postgres_app.app_context():
        assert len(sent_mail()) == 1
