"""Hot leads, told at once: when a lead's score rises from below the hot-lead threshold to it or
above (a tool use, a contact form, a rescore), or when a lead books, its owner (every active
salesperson while it has none) gets an alert with the score's breakdown, by email and in the live
feed, written in the transaction that changed the score or linked the booking.

The write path calls in here (``visitor_scores``, ``leads.bulk``, the booking tool); a booking's
own alert tells its score, so the score change of the tool use that books is not told twice.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from leadcapture.alerts.rules import RuleSettings, rule_settings
from leadcapture.alerts.store import open_alert
from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, Notification, Procedure, User
from leadcapture.models.types import utcnow
from leadcapture.scoring_rules.explain import rule_set_of, score_lines

KIND = "hot_lead"
BOOKING_USE = "leadcapture.hot_leads.booking_use"


def lead_scored(lead: Lead, before: int, now: datetime) -> Notification | None:
    """``lead``'s score was just set (from ``before``): tell its owner when it crossed the threshold
    (no commit). The rule is read whatever the score does, so every lead takes the same statements
    until one turns hot."""
    rule = rule_settings(KIND)
    if not _crossed(rule, before, lead.score) or db.session.info.get(BOOKING_USE):
        return None
    return _tell(lead, f"score:{lead.id}", _crossing_text(lead.id, before, lead.score, rule), rule, now)


def leads_rescored(before: dict[int, int], now: datetime | None = None) -> int:
    """Leads were rescored in bulk and stored (``before``: the scores before of those that rose, by
    id): tell the owners of those that crossed the threshold (no commit); how many."""
    rule = rule_settings(KIND) if before else None
    if rule is None or not rule.enabled:
        return 0
    threshold = rule.thresholds["score"]
    below = [lead_id for lead_id, score in before.items() if score < threshold]
    query = select(Lead).where(Lead.id.in_(below), Lead.score >= threshold)
    told = 0
    for lead in db.session.scalars(query.execution_options(populate_existing=True)):
        if _crossed(rule, before[lead.id], lead.score):
            text = _crossing_text(lead.id, before[lead.id], lead.score, rule)
            told += _tell(lead, f"score:{lead.id}", text, rule, now or utcnow()) is not None
    return told


@contextmanager
def booking_use() -> Iterator[None]:
    """Around the tool use that books: its score change is told by the booking's alert instead."""
    db.session.info[BOOKING_USE] = True
    try:
        yield
    finally:
        db.session.info.pop(BOOKING_USE, None)


def lead_booked(lead: Lead, booking: Booking, now: datetime) -> Notification | None:
    """``lead`` just booked: tell its owner (no commit)."""
    rule = rule_settings(KIND)
    if not rule.enabled:
        return None
    procedure = db.session.get(Procedure, booking.procedure_id)
    zone = ZoneInfo(current_app.config["CLINIC_TIMEZONE"])
    slot = booking.slot_start.replace(tzinfo=UTC).astimezone(zone)
    title = f"Lead #{lead.id} booked {procedure.name} for {slot:%a %d %b %Y, %H:%M}"
    body = f"A booking for {slot:%A %d %B %Y at %H:%M} ({zone.key}). The lead's score is now {lead.score}."
    return _tell(lead, f"booking:{booking.id}", (title, body), rule, now)


def _crossed(rule: RuleSettings, before: int, after: int) -> bool:
    return rule.enabled and before < rule.thresholds["score"] <= after


def _crossing_text(lead_id: int, before: int, after: int, rule: RuleSettings) -> tuple[str, str]:
    threshold = rule.thresholds["score"]
    return (
        f"Lead #{lead_id} is hot: score {after}",
        f"Its score rose from {before} to {after}, reaching the hot-lead threshold of {threshold}.",
    )


def _tell(
    lead: Lead, cause: str, text: tuple[str, str], rule: RuleSettings, now: datetime
) -> Notification | None:
    """Open the alert for the lead's owner (if active) or for every active salesperson, emailed to
    them and to the rule's recipients. Deleted and erased leads are not told about."""
    if lead.deleted_at is not None or lead.erased_at is not None:
        return None
    owner = db.session.get(User, lead.owner_id) if lead.owner_id else None
    owner = owner if owner is not None and owner.active else None
    if owner is not None:
        staff = [owner.email]
    else:
        staff = list(db.session.scalars(select(User.email).where(User.role == "sales", User.active)))
    lines = score_lines(lead.score_breakdown or [], rule_set_of(lead.rule_set_version))
    return open_alert(
        KIND,
        cause,
        *text,
        lead_id=lead.id,
        for_user_id=owner.id if owner else None,
        for_role=None if owner else "sales",
        details=[{"rule": line.rule, "points": line.points, "why": line.why} for line in lines],
        recipients=[*staff, *rule.recipients],
        now=now,
    )
