"""The hot-lead rule's periodic check. Hot-lead alerts open from the write path at once
(``hot_leads``); this only says which open ones still hold: a score alert while its lead stays at
or above the threshold (and is neither deleted nor erased), a booking alert until its slot starts."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.alerts.evaluate import Firing
from leadcapture.alerts.rules import RuleSettings
from leadcapture.extensions import db
from leadcapture.models import Booking, Lead


def check(rule: RuleSettings, open_causes: set[str], now: datetime) -> Firing:
    """The open causes that still hold (``score:<lead id>``, ``booking:<booking id>``)."""
    leads = _ids(open_causes, "score:")
    bookings = _ids(open_causes, "booking:")
    hot = select(Lead.id).where(
        Lead.id.in_([int(key) for key in leads if key.isdigit()]),
        Lead.score >= rule.thresholds["score"],
        Lead.deleted_at.is_(None),
        Lead.erased_at.is_(None),
    )
    upcoming = select(Booking.id).where(Booking.id.in_(list(bookings)), Booking.slot_start > now)
    holding = {f"score:{lead_id}" for lead_id in db.session.scalars(hot)} if leads else set()
    if bookings:
        holding |= {f"booking:{booking_id}" for booking_id in db.session.scalars(upcoming)}
    return dict.fromkeys(holding)


def _ids(causes: set[str], prefix: str) -> set[str]:
    return {cause.removeprefix(prefix) for cause in causes if cause.startswith(prefix)}
