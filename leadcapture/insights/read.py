"""Reading insights for the admin pages: a lead's or a visitor's as of now with its next actions,
and the next-actions list for sales (stored actions, indexed sorts, a page at a time)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.insights.rules import live_rules, next_actions
from leadcapture.insights.summary import SUMMARY_FIELDS
from leadcapture.insights.view import InsightView
from leadcapture.models import Lead, LeadInsight, VisitorInsight, VisitorScore
from leadcapture.reports.lead_access import visible

PAGE_SIZE = 50
EXPORT_BATCH = 1000
SORTS = {
    "priority": (LeadInsight.priority, LeadInsight.score.desc()),
    "score": (LeadInsight.score.desc(), LeadInsight.priority),
    "last_activity": (LeadInsight.last_activity_at.desc().nulls_last(), LeadInsight.priority),
}


@dataclass(frozen=True)
class PersonInsight:
    view: InsightView
    actions: list[str]


def lead_insight(lead: Lead, now: datetime) -> PersonInsight | None:
    """The lead's insight as of ``now`` with the actions the rules give it now; None before the
    first refresh."""
    row = db.session.get(LeadInsight, lead.id)
    return None if row is None else _with_actions(row, lead.score, lead.engagement_level, now)


def visitor_insight(visitor_id: str, now: datetime) -> PersonInsight | None:
    """The visitor's insight as of ``now`` (their own score), with the actions it would give."""
    row = db.session.get(VisitorInsight, visitor_id)
    if row is None:
        return None
    scored = db.session.get(VisitorScore, visitor_id)
    return _with_actions(
        row, scored.score if scored else 0, scored.engagement_level if scored else "low", now
    )


def _with_actions(row, score: int, level: str, now: datetime) -> PersonInsight:
    stored = {name: getattr(row, name) for name in SUMMARY_FIELDS}
    view = InsightView(stored, score, level, now, current_app.config["INSIGHT_QUIET_DAYS"])
    return PersonInsight(view, next_actions(view, live_rules())[0])


@dataclass(frozen=True)
class ActionRow:
    lead_id: int
    email: str
    name: str | None
    score: int
    level: str
    actions: list[str]
    priority: int
    last_activity_at: datetime | None
    primary_tool: str | None


@dataclass(frozen=True)
class ActionPage:
    rows: list[ActionRow]
    page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def next_actions_page(scope: int | None, sort: str = "priority", page: int = 1) -> ActionPage:
    """The leads ``scope`` may see that have a next action, sorted by ``sort`` (one of ``SORTS``);
    a page past the end is an InputError."""
    total = db.session.scalar(
        select(func.count())
        .select_from(LeadInsight)
        .join(Lead, Lead.id == LeadInsight.lead_id)
        .where(*_with_actions_seen_by(scope))
    )
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:
        raise InputError({"page": f"there {'is' if pages == 1 else 'are'} {pages} page(s)"})
    query = _action_rows(scope, sort).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    return ActionPage([ActionRow(*row) for row in db.session.execute(query)], page, total)


def every_next_action(scope: int | None, sort: str = "priority") -> Iterator[ActionRow]:
    """Every row of the next-actions list (not one page), in its order, read in batches."""
    rows = db.session.execute(_action_rows(scope, sort).execution_options(yield_per=EXPORT_BATCH))
    return (ActionRow(*row) for row in rows)


def _with_actions_seen_by(scope: int | None) -> list:
    return [
        LeadInsight.priority.is_not(None),
        Lead.deleted_at.is_(None),
        Lead.erased_at.is_(None),
        *visible(scope),
    ]


def _action_rows(scope: int | None, sort: str):
    return (
        select(
            LeadInsight.lead_id,
            Lead.email,
            Lead.name,
            LeadInsight.score,
            LeadInsight.level,
            LeadInsight.actions,
            LeadInsight.priority,
            LeadInsight.last_activity_at,
            LeadInsight.primary_tool,
        )
        .join(Lead, Lead.id == LeadInsight.lead_id)
        .where(*_with_actions_seen_by(scope))
        .order_by(*SORTS[sort], LeadInsight.lead_id)
    )
