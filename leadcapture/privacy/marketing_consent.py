"""Withdrawing a lead's marketing consent, by staff (admin lead page) or by the person
(self-service): recorded on the lead, logged as a privacy request, and sent to HubSpot."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, MarketingConsentWithdrawal, User
from leadcapture.privacy.log import log_request


def withdraw_marketing_consent(lead: Lead, now: datetime, channel: str, actor_id: int | None = None) -> bool:
    """Withdraw ``lead``'s marketing consent at ``now`` through ``channel`` (``admin`` with the staff
    member's ``actor_id``, or ``self_service``); returns whether there was consent to withdraw.

    The withdrawal (when, how, who) is recorded and the privacy request log gets a done entry
    either way. No commit: the outbox row that brings HubSpot ``leadcapture_marketing_consent``
    "no" is written by the same flush (``leadcapture.sync.changes``), so the caller's commit
    sends both or neither.
    """
    given = lead.consent_marketing
    if given:
        lead.consent_marketing = False
        db.session.add(
            MarketingConsentWithdrawal(lead_id=lead.id, channel=channel, actor_id=actor_id, created_at=now)
        )
    outcome = "marketing consent withdrawn" if given else "no marketing consent to withdraw"
    log_request(
        "withdraw_consent", channel, lead.email, actor_id=actor_id, status="done", outcome=outcome, now=now
    )
    return given


def last_withdrawal(lead_id: int) -> tuple[MarketingConsentWithdrawal, str | None] | None:
    """The lead's latest withdrawal and the email of the staff member who made it, if any."""
    row = db.session.execute(
        select(MarketingConsentWithdrawal, User.email)
        .outerjoin(User, User.id == MarketingConsentWithdrawal.actor_id)
        .where(MarketingConsentWithdrawal.lead_id == lead_id)
        .order_by(MarketingConsentWithdrawal.created_at.desc(), MarketingConsentWithdrawal.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
