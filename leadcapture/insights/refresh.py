"""Recomputing the queued visitors' and leads' insights from their stored rows, a batch at a time.

Triggers queue a visitor or a lead whenever one of their rows is written (migration 0030). A batch
takes its queue rows off first, then reads the rows: whatever lands meanwhile queues them again,
so nothing is missed, and every figure comes from the rows as stored (never an increment), so
rows arriving in any order give the same insight. A visitor's leads are recomputed with them.
"""

import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from flask import current_app
from sqlalchemy import delete, func, select

from leadcapture.extensions import db
from leadcapture.insights.load import lead_bookings, load_facts
from leadcapture.insights.rules import LiveRule, live_rules, next_actions
from leadcapture.insights.summary import Facts, summarise
from leadcapture.insights.view import InsightView
from leadcapture.models import (
    InsightQueue,
    Lead,
    LeadInsight,
    LeadInsightQueue,
    LeadVisitor,
    Visitor,
    VisitorInsight,
)
from leadcapture.models.one_of import one_of
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import upsert

BATCH = 2000
# After a bulk load: fewer, bigger batches (the in lists stay short enough for an index scan).
BULK_BATCH = 5000


def queued() -> int:
    """How many visitors and leads wait (a refresh's work, for a progress bar)."""
    return sum(
        db.session.scalar(select(func.count()).select_from(queue))
        for queue in (InsightQueue, LeadInsightQueue)
    )


def refresh_insights(
    batch: int = BATCH,
    seconds: float | None = None,
    progress: Callable[[int], None] | None = None,
    now: datetime | None = None,
) -> int:
    """Recompute every queued insight (or stop after the batch that passes ``seconds``), with the
    next actions as of ``now``, committing after each batch and calling ``progress`` with its size;
    how many were queued."""
    deadline = None if seconds is None else time.monotonic() + seconds
    rules, quiet_days, done = live_rules(), current_app.config["INSIGHT_QUIET_DAYS"], 0
    while deadline is None or time.monotonic() < deadline:
        visitors = list(db.session.scalars(select(InsightQueue.visitor_id).limit(batch)))
        leads = list(db.session.scalars(select(LeadInsightQueue.lead_id).limit(batch)))
        if not visitors and not leads:
            break
        db.session.execute(delete(InsightQueue).where(one_of(InsightQueue.visitor_id, visitors)))
        db.session.execute(delete(LeadInsightQueue).where(one_of(LeadInsightQueue.lead_id, leads)))
        update_insights(visitors, leads, rules, quiet_days, now or utcnow())
        db.session.commit()
        done += len(visitors) + len(leads)
        if progress:
            progress(len(visitors) + len(leads))
    return done


def update_insights(
    visitor_ids: list[str], lead_ids: list[int], rules: list[LiveRule], quiet_days: int, now: datetime
) -> None:
    """Recompute these visitors' insights, and those of these leads and of the visitors' leads."""
    leads = set(lead_ids) | set(
        db.session.scalars(select(LeadVisitor.lead_id).where(one_of(LeadVisitor.visitor_id, visitor_ids)))
    )
    visitors_of: dict[int, list[str]] = defaultdict(list)
    for lead_id, visitor_id in db.session.execute(
        select(LeadVisitor.lead_id, LeadVisitor.visitor_id).where(one_of(LeadVisitor.lead_id, leads))
    ):
        visitors_of[lead_id].append(visitor_id)
    facts = load_facts(set(visitor_ids).union(*visitors_of.values()))
    _write_visitors(visitor_ids, facts, now)
    _write_leads(leads, visitors_of, facts, rules, quiet_days, now)


def _write_visitors(visitor_ids: list[str], facts: dict[str, Facts], now: datetime) -> None:
    existing = set(db.session.scalars(select(Visitor.id).where(one_of(Visitor.id, visitor_ids))))
    rows = [
        {"visitor_id": visitor_id, **summarise(facts[visitor_id]), "updated_at": now}
        for visitor_id in sorted(existing)
    ]
    upsert(VisitorInsight, rows, "visitor_id")
    gone = set(visitor_ids) - existing
    if gone:
        db.session.execute(delete(VisitorInsight).where(VisitorInsight.visitor_id.in_(gone)))


def _write_leads(
    lead_ids: set[int],
    visitors_of: dict[int, list[str]],
    facts: dict[str, Facts],
    rules: list[LiveRule],
    quiet_days: int,
    now: datetime,
) -> None:
    people = db.session.execute(
        select(Lead.id, Lead.score, Lead.engagement_level).where(one_of(Lead.id, lead_ids))
    )
    bookings = lead_bookings(lead_ids, visitors_of)
    rows = []
    for lead_id, score, level in sorted(people):
        merged = sum((facts[visitor_id] for visitor_id in visitors_of[lead_id]), Facts())
        stored = summarise(Facts(merged.sessions, merged.prompts, bookings[lead_id]))
        actions, priority = next_actions(InsightView(stored, score, level, now, quiet_days), rules)
        rows.append(
            {"lead_id": lead_id, **stored, "score": score, "level": level, "updated_at": now}
            | {"actions": actions, "priority": priority, "actions_at": now}
        )
    upsert(LeadInsight, rows, "lead_id")
    gone = lead_ids - {row["lead_id"] for row in rows}
    if gone:
        db.session.execute(delete(LeadInsight).where(LeadInsight.lead_id.in_(gone)))
