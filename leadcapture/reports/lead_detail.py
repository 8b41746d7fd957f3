"""Everything the lead page shows besides the journey: notes, activity, score, sync, bookings."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    Interaction,
    Lead,
    LeadActivity,
    LeadNote,
    LeadVisitor,
    RuleSetVersion,
    SyncOutbox,
    User,
)
from leadcapture.models.outbox import outbox_counts
from leadcapture.scoring_rules.explain import ScoreLine, rule_set_of, score_lines

RECENT_SYNC_ROWS = 20


@dataclass(frozen=True)
class ActivityLine:
    at: datetime
    who: str | None
    kind: str
    before: str | None
    after: str | None


@dataclass
class SyncStatus:
    counts: dict[str, int]
    recent: list[SyncOutbox]
    hubspot_contact_id: str | None


@dataclass
class LeadDetail:
    lead: Lead
    score_lines: list[ScoreLine]
    rule_set: RuleSetVersion | None
    notes: list[tuple[LeadNote, str | None]]
    activity: list[ActivityLine]
    sync: SyncStatus
    bookings: list[Booking]
    visitor_ids: list[str]
    converting: Interaction | None


def lead_detail(lead: Lead) -> LeadDetail:
    """What the lead page shows about ``lead``."""
    rule_set = rule_set_of(lead.rule_set_version)
    return LeadDetail(
        lead=lead,
        score_lines=score_lines(lead.score_breakdown or [], rule_set),
        rule_set=rule_set,
        notes=notes(lead.id),
        activity=activity(lead.id),
        sync=sync_status(lead),
        bookings=list(
            db.session.scalars(select(Booking).where(Booking.lead_id == lead.id).order_by(Booking.slot_start))
        ),
        visitor_ids=visitor_ids(lead.id),
        converting=(
            db.session.get(Interaction, lead.converting_interaction_id)
            if lead.converting_interaction_id
            else None
        ),
    )


def notes(lead_id: int) -> list[tuple[LeadNote, str | None]]:
    """The lead's notes, newest first, with their author's email."""
    rows = db.session.execute(
        select(LeadNote, User.email)
        .outerjoin(User, User.id == LeadNote.author_id)
        .where(LeadNote.lead_id == lead_id)
        .order_by(LeadNote.created_at.desc(), LeadNote.id.desc())
    )
    return [(note, email) for note, email in rows]


def activity(lead_id: int) -> list[ActivityLine]:
    """The lead's status and owner changes, deletions and restores, newest first (owners by email,
    None: nobody)."""
    who, before, after = aliased(User), aliased(User), aliased(User)
    rows = db.session.execute(
        select(LeadActivity, who.email, before.email, after.email)
        .outerjoin(who, who.id == LeadActivity.user_id)
        .outerjoin(before, before.id == LeadActivity.from_owner_id)
        .outerjoin(after, after.id == LeadActivity.to_owner_id)
        .where(LeadActivity.lead_id == lead_id)
        .order_by(LeadActivity.created_at.desc(), LeadActivity.id.desc())
    )
    lines = []
    for entry, actor, old_owner, new_owner in rows:
        if entry.kind == "status":
            lines.append(ActivityLine(entry.created_at, actor, "status", entry.from_status, entry.to_status))
        elif entry.kind == "owner":
            lines.append(ActivityLine(entry.created_at, actor, "owner", old_owner, new_owner))
        else:
            lines.append(ActivityLine(entry.created_at, actor, entry.kind, None, None))
    return lines


def sync_status(lead: Lead) -> SyncStatus:
    """The lead's HubSpot outbox rows: how many pending, synced, dead; the latest ones."""
    recent = db.session.scalars(
        select(SyncOutbox)
        .where(SyncOutbox.lead_id == lead.id)
        .order_by(SyncOutbox.id.desc())
        .limit(RECENT_SYNC_ROWS)
    )
    return SyncStatus(
        counts=outbox_counts(lead_id=lead.id),
        recent=list(recent),
        hubspot_contact_id=lead.hubspot_contact_id,
    )


def visitor_ids(lead_id: int) -> list[str]:
    """The visitors known to be this lead, first linked first."""
    return list(
        db.session.scalars(
            select(LeadVisitor.visitor_id)
            .where(LeadVisitor.lead_id == lead_id)
            .order_by(LeadVisitor.linked_at)
        )
    )
