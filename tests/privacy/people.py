"""People with each kind of data we store, made through the app's own ways in (the public API and
tools in a browser-like client, the sales workflow, the HubSpot sync), for the privacy tests."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from leadcapture.accounts import ensure_user
from leadcapture.cta.tools.appointment_booking import free_slots
from leadcapture.extensions import db
from leadcapture.leads.workflow import add_note, assign_owner, change_status
from leadcapture.models import SyncOutbox
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.privacy.marketing_consent import withdraw_by_staff
from leadcapture.privacy.person import find_lead, person_of
from leadcapture.sync.job import SyncReport, sync_pending
from tests.admin.signin import PASSWORD
from tests.privacy.search import stored_files
from tests.tools.photo_samples import astronaut, encode
from tests.uploads import post_attachment, post_photo, wav_bytes

CALC = {"procedures": ["botox", "thread_lift"], "budget_range": "over_10k", "urgency": "immediate"}


@dataclass(frozen=True)
class Someone:
    email: str
    name: str
    phone: str  # as stored: E.164
    company: str

    def arrival(self) -> tuple[str, dict]:
        """A campaign link from their mailbox: the email tool puts them in utm_content, the
        referrer's path names them (the query is never stored, the path is)."""
        campaign = "utm_source=newsletter&utm_medium=email&utm_campaign=spring"
        url = f"/?{campaign}&utm_content={self.email}&gclid=G{self.phone[1:]}"
        return url, {"Referer": f"https://webmail.example/inbox/{self.email}"}


ANN = Someone("ann.lee@example.com", "Ann Lee", "+14155550123", "Lee Skin Studio")
BOB = Someone("bob.stone@example.com", "Bob Stone", "+14155550199", "Stone Dental")


def browser(app: Flask, someone: Someone) -> FlaskClient:
    """A browser of ``someone`` (the client keeps its ``lc_vid`` cookie) that arrived from a campaign."""
    client = app.test_client()
    url, headers = someone.arrival()
    assert client.get(url, headers=headers).status_code == 200
    return client


def use(client: FlaskClient, tool: str, **kwargs) -> dict:
    response = client.post(f"/api/v1/tools/{tool}", **kwargs)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def leave_contact(client: FlaskClient, someone: Someone) -> None:
    body = {
        "email": someone.email,
        "name": someone.name,
        "phone": someone.phone,
        "company": someone.company,
        "consent_marketing": True,
    }
    assert client.post("/api/v1/leads", json=body).status_code == 201


def tool_uses(app, client, someone) -> None:
    """The calculator (scoring offers the form: a prompt), and a recommendation in their words."""
    use(client, "cost_calculator", json=CALC)
    use(client, "ai_recommendation", json={"query": f"I am {someone.name}, botox for frown lines please"})


def second_browser(app, client, someone) -> None:
    """The same person on their phone: another visitor, joined to the lead by the email."""
    phone = browser(app, someone)
    use(phone, "cost_calculator", json={"procedures": ["botox"]})
    leave_contact(phone, someone)


def events(app, client, someone) -> None:
    event = {
        "type": "form_submit",
        "name": "newsletter",
        "properties": {"email": someone.email, "name": someone.name},
        "page_url": f"https://clinic.example/newsletter?email={someone.email}",
    }
    assert client.post("/api/v1/events", json={"events": [event]}).status_code == 202


def face_photo(app, client, someone) -> None:
    """A face photo, kept after analysis (the app keeps them for PHOTO_RETENTION_DAYS)."""
    assert post_photo(client, encode(astronaut())).status_code == 200


def voice_note(app, client, someone) -> None:
    assert post_attachment(client, wav_bytes(), consent_voice_processing=True).status_code == 200


def recommendation_photo(app, client, someone) -> None:
    photo = encode(astronaut())
    response = post_attachment(client, photo, query="wrinkles around my eyes", consent_photo_processing=True)
    assert response.status_code == 200


def booking(app, client, someone) -> None:
    """A booking, which makes the lead at once; the notes name them."""
    with app.app_context():
        slot = free_slots()[0]
    body = {
        "procedure": "botox",
        "slot": slot.isoformat() + "Z",
        "email": someone.email,
        "name": someone.name,
        "phone": someone.phone,
        "notes": f"{someone.name} prefers mornings, call {someone.phone}",
    }
    use(client, "appointment_booking", json=body)


def sales(app, client, someone) -> None:
    """Sales at work: a note naming them (queued for HubSpot), a status change, an owner."""
    with app.app_context():
        user, _ = ensure_user("sales@example.com", PASSWORD, "sales")
        lead = find_lead(someone.email)
        add_note(lead, f"Spoke to {someone.name} on {someone.phone}, wants a quote", user)
        change_status(lead, "contacted", user)
        assign_owner(find_lead(someone.email), user.id, user)


def hubspot_failure(app, client, someone) -> None:
    """A change HubSpot refused for good, its message naming the email."""
    with app.app_context():
        lead = find_lead(someone.email)
        row = SyncOutbox(lead_id=lead.id, reason="contact", status="dead", attempts=1)
        row.last_error = f"HubSpot 400: Property values were not valid: email {someone.email} is blocked"
        db.session.add(row)
        db.session.commit()


def submitted_details(app, client, someone) -> None:
    """Their details typed again, a little differently, on another device: kept for staff to accept."""
    other = browser(app, someone)
    body = {"email": someone.email, "name": someone.name.upper(), "company": f"{someone.company} Ltd"}
    assert other.post("/api/v1/leads", json=body).status_code == 201


def consent_answers(app, client, someone) -> None:
    """Their answer to the consent banner (stored with their visitor id), then staff withdraw their
    marketing consent on the lead page."""
    assert client.post("/consent/", data={"choice": "analytics", "next": "/"}).status_code == 303
    with app.app_context():
        user, _ = ensure_user("sales@example.com", PASSWORD, "sales")
        withdraw_by_staff(find_lead(someone.email), user.id, utcnow())
        db.session.commit()


def privacy_mail(app, client, someone) -> None:
    """They asked for a copy of their data: the email with the link is kept (no MAIL_SERVER)."""
    body = {"email": someone.email, "kind": "export"}
    assert client.post("/api/v1/privacy/requests", json=body).status_code == 202


def feedback(app, client, someone) -> None:
    """Feedback on a tool result, signed with their details (which make their lead), and a rating
    later; the comment names them."""
    answer = use(client, "cost_calculator", json=CALC)
    body = {
        "rating": 2,
        "context": "tool_result",
        "interaction_id": answer["interaction_id"],
        "comment": f"{someone.name} here, call me on {someone.phone}: the prices were confusing",
        "name": someone.name,
        "email": someone.email,
        "organisation": someone.company,
        "follow_up_consent": True,
    }
    assert client.post("/api/v1/feedback", json=body).status_code == 201
    assert client.post("/api/v1/feedback", json={"rating": 5, "context": "in_app"}).status_code == 201


# Each kind of data, made for a person who then leaves their contact details (if the kind did
# not make their lead already), and is synced to HubSpot.
KINDS: dict[str, Callable[[Flask, FlaskClient, Someone], None]] = {
    "contact form": lambda app, client, someone: None,
    "tool uses and prompts": tool_uses,
    "second browser": second_browser,
    "behaviour events": events,
    "face photo": face_photo,
    "voice note": voice_note,
    "recommendation photo": recommendation_photo,
    "booking": booking,
    "feedback": feedback,
}
# Kinds made once the lead exists.
AFTER_LEAD = {
    "sales notes and status": sales,
    "HubSpot failure": hubspot_failure,
    "submitted details": submitted_details,
    "consent answers": consent_answers,
    "privacy mail": privacy_mail,
}


@dataclass
class Made:
    """What was made for a person: what names them (contact details and visitor ids) and their files."""

    someone: Someone
    visitor_ids: tuple[str, ...]
    files: list[Path]

    @property
    def needles(self) -> list[str]:
        someone = self.someone
        return [someone.email, someone.name, someone.phone, someone.company, *self.visitor_ids]


def make_person(app: Flask, fake_hubspot, someone: Someone, kinds) -> Made:
    """``someone`` with the data of ``kinds`` (names of KINDS and AFTER_LEAD), synced to HubSpot."""
    with app.app_context():
        seed_catalog()
        before = set(stored_files())
    client = browser(app, someone)
    for kind in kinds:
        if kind in KINDS:
            KINDS[kind](app, client, someone)
    leave_contact(client, someone)
    for kind in kinds:
        if kind in AFTER_LEAD:
            AFTER_LEAD[kind](app, client, someone)
    with app.app_context():
        sync_now(app, fake_hubspot)
        visitor_ids = person_of(find_lead(someone.email)).visitor_ids
        files = sorted(set(stored_files()) - before)
    return Made(someone, visitor_ids, files)


def sync_now(app: Flask, fake_hubspot, clock: Callable[[], datetime] = utcnow) -> SyncReport:
    """Send what is due at ``clock`` to the fake HubSpot now, in this thread: the app has its token
    only meanwhile, so no sync was queued in the background."""
    app.config["HUBSPOT_ACCESS_TOKEN"] = fake_hubspot.token
    try:
        return sync_pending(clock=clock)
    finally:
        app.config["HUBSPOT_ACCESS_TOKEN"] = None
