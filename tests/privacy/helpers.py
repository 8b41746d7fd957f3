"""Self-service privacy requests as a person makes them: ask, read the email, follow its link."""

import re

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, OutgoingMail, PrivacyRequest
from tests.admin.rules_helpers import finish_jobs

BASE_URL = "https://clinic.example"
LINK = re.compile(r"https?://[^/\s]+(/privacy/confirm/\S+)")


def add_lead(email: str, **fields) -> int:
    lead = Lead(email=email, **fields)
    db.session.add(lead)
    db.session.commit()
    return lead.id


def ask(client, email: str, kind: str = "export"):
    return client.post("/api/v1/privacy/requests", json={"email": email, "kind": kind})


def kept_mail() -> list[OutgoingMail]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def logged_requests() -> list[PrivacyRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(PrivacyRequest).order_by(PrivacyRequest.requested_at)))


def link_path(text: str) -> str:
    """The path of the confirmation link in an email's text."""
    match = LINK.search(text)
    assert match, f"no confirmation link in {text!r}"
    return match.group(1)


def emailed_link(app, to: str) -> str:
    """The path of the newest confirmation link mailed to ``to`` (the jobs run first)."""
    finish_jobs(app)
    with app.app_context():
        [*_, message] = [message for message in kept_mail() if message.recipient == to]
        return link_path(message.text_body)


def confirm_with(client, path: str, email: str):
    return client.post(path, data={"email": email})
