"""Self-service data-subject requests: a person asks (the /privacy page or the JSON API), gets a
signed link by email, and carries the request out by confirming on the linked page.

Asking does the same work for any address, known or not (log the request, keep the email for the
job that sends it), so neither the answer nor its timing tells whether we hold the address. The link
carries only the request's id; the log keeps only the address's keyed hash, so confirming asks for
the address again and checks it against that hash (a forwarded link alone does nothing).
"""

import hmac
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import BinaryIO, Literal

from flask import current_app, render_template
from pydantic import BaseModel, ValidationError, field_validator
from sqlalchemy import func, select, update

from leadcapture.contact_fields import ContactError, email_field, normalise_email
from leadcapture.email_keys import email_hash
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.mail import send_mail
from leadcapture.models import PrivacyRequest
from leadcapture.models.types import utcnow
from leadcapture.privacy.actions import ACTIONS
from leadcapture.privacy.log import complete_request, log_request
from leadcapture.signed_links import LinkError, make_token, read_token
from leadcapture.tools.validation import field_errors

# Beyond this many links a day, an address gets no more (the request is still answered the same):
# nobody can use the form to flood someone's mailbox.
LINKS_PER_ADDRESS_PER_DAY = 5
SUBJECTS = {
    "export": "Your copy of your data: please confirm",
    "erase": "Erasing your data: please confirm",
    "withdraw_consent": "Stopping marketing emails: please confirm",
}


class LinkRequest(BaseModel):
    """``POST /api/v1/privacy/requests``: who asks, and for what."""

    email: str
    kind: Literal["export", "erase"]

    _email = field_validator("email")(email_field)


class PageRequest(LinkRequest):
    """The /privacy form, which also takes a withdrawal of marketing consent."""

    kind: Literal["export", "erase", "withdraw_consent"]


def request_link(
    data: object,
    link_for: Callable[[str], str],
    model: type[LinkRequest] = LinkRequest,
    now: datetime | None = None,
) -> None:
    """Validate ``data`` (InputError by field), log the request and mail the address a link
    (``link_for(token)``) to confirm it. Commits."""
    try:
        wanted = model.model_validate(data)
    except ValidationError as error:
        raise InputError(field_errors(error)) from None
    now = now or utcnow()
    if _links_sent(wanted.email, now - timedelta(days=1)) < LINKS_PER_ADDRESS_PER_DAY:
        logged = log_request(wanted.kind, "self_service", wanted.email, now=now)
        db.session.flush()  # its id, for the token
        link = link_for(make_token(logged.id, now))
        text = render_template(
            "privacy/link_mail.txt", kind=wanted.kind, link=link, clinic=current_app.config["CLINIC_NAME"]
        )
        send_mail(wanted.email, SUBJECTS[wanted.kind], text)
    db.session.commit()


def open_request(token: str, now: datetime | None = None) -> PrivacyRequest:
    """The logged request a link stands for, still to be confirmed; LinkError when the link is
    forged, expired or already used. Changes nothing: mail scanners open links too."""
    request = db.session.get(PrivacyRequest, read_token(token, now or utcnow()))
    if request is None or request.channel != "self_service":
        raise LinkError(400, "This link is not valid. Please ask again.")
    if request.status != "requested":
        raise LinkError(410, "This link was already used. Please ask again if you need to.")
    return request


def confirm(token: str, email: str, out: BinaryIO, now: datetime | None = None) -> tuple[str, bool]:
    """Carry out the request of a link, for the address its owner types again: ``(kind, found)``,
    found telling whether we held anything about the address (an export's ZIP is written to
    ``out``). LinkError for a bad link, InputError for an address that is not the one. Commits."""
    now = now or utcnow()
    request = open_request(token, now)
    address = _the_address(request, email)
    # Claimed in this transaction: a second confirmation of the same link finds it used.
    claim = (
        update(PrivacyRequest)
        .where(PrivacyRequest.id == request.id, PrivacyRequest.status == "requested")
        .values(status="done", completed_at=now)
    )
    if db.session.execute(claim).rowcount != 1:
        db.session.rollback()
        raise LinkError(410, "This link was already used. Please ask again if you need to.")
    outcome = ACTIONS[request.kind](address, out, now)
    complete_request(request, "done", outcome or "no data held", now)
    db.session.commit()
    return request.kind, outcome is not None


def _the_address(request: PrivacyRequest, email: str) -> str:
    try:
        address = normalise_email(email)
    except ContactError as error:
        raise InputError(error.fields) from None
    if not hmac.compare_digest(email_hash(address), request.email_hash):
        raise InputError({"email": "This is not the address the link was sent to."})
    return address


def _links_sent(email: str, since: datetime) -> int:
    sent = select(func.count()).where(
        PrivacyRequest.email_hash == email_hash(email),
        PrivacyRequest.channel == "self_service",
        PrivacyRequest.requested_at >= since,
    )
    return db.session.scalar(sent)
