"""Staff deleting a lead, and undoing it: a deleted lead is hidden (the lead list and its CSV, the
journeys) and HubSpot hears of no change to it, for ``DELETED_LEAD_DAYS``; then the retention
purge erases it for good. Each deletion and restore is on the lead's activity log, with who did it.

The reports' counts keep it: it was a lead on the day it came.
"""

from datetime import datetime, timedelta

from flask import current_app

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Lead, LeadActivity, User
from leadcapture.models.types import utcnow
from leadcapture.sync.outbox import record_change


def restorable_until(lead: Lead) -> datetime | None:
    """When the deleted ``lead`` stops being restorable and is erased (None: not deleted)."""
    if lead.deleted_at is None:
        return None
    return lead.deleted_at + timedelta(days=current_app.config["DELETED_LEAD_DAYS"])


def delete_lead(lead: Lead, user: User, now: datetime | None = None) -> None:
    """Delete ``lead`` (locked: ``locked_lead``); commits. InputError if it is deleted already."""
    if lead.deleted_at is not None:
        raise InputError({"lead": "this lead is deleted already"}, status=409)
    now = now or utcnow()
    lead.deleted_at = now
    _log(lead, user, "deleted", now)
    db.session.commit()


def restore_lead(lead: Lead, user: User, now: datetime | None = None) -> None:
    """Undo the deletion of ``lead`` (locked) and send HubSpot its state as it is now; commits.
    InputError if it is not deleted, or no longer restorable."""
    now = now or utcnow()
    until = restorable_until(lead)
    if until is None:
        raise InputError({"lead": "this lead is not deleted"}, status=409)
    if now >= until:
        raise InputError({"lead": "this lead can no longer be restored: it is being erased"}, status=409)
    lead.deleted_at = None
    _log(lead, user, "restored", now)
    record_change(lead, "restored")
    db.session.commit()


def _log(lead: Lead, user: User, kind: str, now: datetime) -> None:
    db.session.add(LeadActivity(lead_id=lead.id, user_id=user.id, kind=kind, created_at=now))
    record_admin_action(user.id, "lead.delete" if kind == "deleted" else "lead.restore", "lead", lead.id)
