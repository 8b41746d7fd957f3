"""The follow-up email a day after a booking: one per booking, with a signed link to the feedback
form (the ``feedback-followup`` job).

Who gets it: whoever booked, at the booking's address. Asking a person about a booking they made,
with nothing promotional in it, is a service message (legitimate interest, GDPR art. 6(1)(f)), not
marketing, so it needs no marketing consent. It is never sent when the person objected or is gone:
their lead withdrew marketing consent (we take that as "no more emails"), was deleted or erased.
The visitor's caps apply as to any prompt (not within days of their feedback or a dismissal), and
a booking more than ``DUE_WINDOW`` past its due time (the job was off) gets none.
"""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from flask import current_app, render_template
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from leadcapture.engagement import session_engagement
from leadcapture.extensions import db
from leadcapture.feedback_prompts.caps import refusal
from leadcapture.feedback_prompts.history import PromptHistory, visitor_answers
from leadcapture.feedback_prompts.messages import prompt_message
from leadcapture.feedback_prompts.settings import PromptSettings, prompt_settings
from leadcapture.mail import send_mail
from leadcapture.models import (
    Booking,
    FeedbackPrompt,
    Lead,
    MarketingConsentWithdrawal,
    Procedure,
    VisitSession,
)
from leadcapture.models.types import utcnow
from leadcapture.signed_links import LinkError, make_token, read_token

DUE_WINDOW = timedelta(days=3)
BATCH = 500
LINK_DAYS = 30
SALT = "leadcapture.feedback-link"
SUBJECT = "How was booking your consultation?"


def send_followups(now: datetime | None = None) -> int:
    """The job: email each booking now due its follow-up (``BATCH`` at most a run); commits.
    Returns how many were sent."""
    now = now or utcnow()
    settings = prompt_settings()
    if "email" not in settings.enabled_types:
        return 0
    sent = sum(
        _follow_up(booking, settings, now) for booking in db.session.scalars(due_bookings(settings, now))
    )
    db.session.commit()
    return sent


def due_bookings(settings: PromptSettings, now: datetime):
    """Bookings past their follow-up time (within the window), not followed up, of a person who has
    not objected."""
    due = now - timedelta(hours=settings.email_delay_hours)
    followed_up = exists().where(
        FeedbackPrompt.booking_id == Booking.id, FeedbackPrompt.prompt_type == "email"
    )
    objected = exists().where(MarketingConsentWithdrawal.lead_id == Booking.lead_id)
    return (
        select(Booking)
        .join(Lead, Lead.id == Booking.lead_id)
        .where(Booking.created_at <= due, Booking.created_at > due - DUE_WINDOW)
        .where(Lead.erased_at.is_(None), Lead.deleted_at.is_(None), ~followed_up, ~objected)
        .order_by(Booking.created_at)
        .limit(BATCH)
    )


def _follow_up(booking: Booking, settings: PromptSettings, now: datetime) -> bool:
    """Log and email one booking's follow-up, unless the visitor's caps say not now."""
    history = visitor_answers(booking.visitor_id) if booking.visitor_id else PromptHistory()
    if refusal("email", settings, history, now):
        return False
    level = session_engagement(_booking_session(booking))[1]
    prompt = FeedbackPrompt(
        prompt_type="email",
        visitor_id=booking.visitor_id,
        booking_id=booking.id,
        engagement_level=level,
        shown_at=now,
    )
    try:
        with db.session.begin_nested():  # another run may have just followed it up
            db.session.add(prompt)
            db.session.flush()
    except IntegrityError:
        return False
    send_mail(booking.email, SUBJECT, _text(booking, prompt, prompt_message("email", level, settings), now))
    return True


def _booking_session(booking: Booking) -> str | None:
    """The visit session the booking was made in (the visitor's latest that started before it)."""
    if booking.visitor_id is None:
        return None
    return db.session.scalar(
        select(VisitSession.id)
        .where(VisitSession.visitor_id == booking.visitor_id, VisitSession.started_at <= booking.created_at)
        .order_by(VisitSession.started_at.desc())
        .limit(1)
    )


def _text(booking: Booking, prompt: FeedbackPrompt, message, now: datetime) -> str:
    config = current_app.config
    return render_template(
        "feedback_prompts/followup_mail.txt",
        name=booking.name,
        procedure=db.session.get(Procedure, booking.procedure_id).name,
        clinic=config["CLINIC_NAME"],
        message=message,
        link=feedback_link(prompt.id, now),
        link_days=LINK_DAYS,
    )


def feedback_link(prompt_id: str, now: datetime) -> str:
    """The feedback form's address with the signed prompt, on PUBLIC_BASE_URL."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/feedback/?{urlencode({'prompt': make_token(prompt_id, now, SALT)})}"


def followup_prompt_id(token: str, now: datetime | None = None) -> str:
    """The id of the follow-up prompt a link stands for. Opening the link changes nothing (mail
    scanners open links too): the prompt counts as interacted with once the person answers.
    LinkError when the link was forged, has expired or its prompt is gone."""
    now = now or utcnow()
    expired = f"This link has expired: feedback links work for {LINK_DAYS} days."
    prompt_id = read_token(token, now, SALT, timedelta(days=LINK_DAYS), expired)
    if db.session.get(FeedbackPrompt, prompt_id) is None:
        raise LinkError(404, "This feedback link is no longer valid.")
    return prompt_id
