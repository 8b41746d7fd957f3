"""Withdrawing a lead's marketing consent, by staff (admin lead page) or by the person
(self-service): recorded on the lead, logged as a privacy request, and sent to HubSpot."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.admin_audit import record_admin_action
from leadcapture.extensions import db
from leadcapture.models import Lead, MarketingConsentWithdrawal, User
from leadcapture.privacy.log import log_request

WITHDRAWN, NOTHING_TO_WITHDRAW = "marketing consent withdrawn", "no marketing consent to withdraw"


def withdraw_marketing_consent(lead: Lead, now: datetime, channel: str, actor_id: int | None = None) -> str:
    """Withdraw ``lead``'s marketing consent at ``now`` through ``channel`` (``admin`` with the staff
    member's ``actor_id``, or ``self_service``); returns the outcome for the privacy request log
    (``WITHDRAWN`` or ``NOTHING_TO_WITHDRAW``), which the caller keeps (a self-service request is
    logged when it is asked for).

    No commit: the outbox row that brings HubSpot ``leadcapture_marketing_consent`` "no" is written
    by the same flush (``leadcapture.sync.changes``), so the caller's commit sends both or neither.
    """
    if not lead.consent_marketing:
        return NOTHING_TO_WITHDRAW
    lead.consent_marketing = False
    db.session.add(
        MarketingConsentWithdrawal(lead_id=lead.id, channel=channel, actor_id=actor_id, created_at=now)
    )
    return WITHDRAWN


def withdraw_by_staff(lead: Lead, actor_id: int, now: datetime) -> str:
    """A staff member withdraws the consent (the lead page): recorded, in the privacy request log and
    the admin audit log; the outcome. No commit."""
    outcome = withdraw_marketing_consent(lead, now, "admin", actor_id)
    log_request(
        "withdraw_consent", "admin", lead.email, actor_id=actor_id, status="done", outcome=outcome, now=now
    )
    record_admin_action(actor_id, "consent.withdraw", "lead", lead.id)
    return outcome


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
