"""Scoring visitors and leads with the live rule set, and storing the result."""

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text

from leadcapture.alerts.hot_leads import lead_scored
from leadcapture.extensions import db
from leadcapture.models import Lead, LeadVisitor, VisitorScore
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import upsert
from leadcapture.scoring import ScoreResult, VisitorFacts, engagement_level
from leadcapture.scoring_rules.live import LiveRules, live_rules
from leadcapture.visitor_scores.facts_loader import load_facts
from leadcapture.webhooks.lead_events import watch_lead


@dataclass(frozen=True)
class Scored:
    result: ScoreResult
    version: int


def breakdown_of(result: ScoreResult) -> list[dict]:
    """The breakdown as stored and shown: ``[{"rule", "points", "kind", "matches"}]``."""
    return [item.to_dict() for item in result.breakdown]


def visitor_score_row(visitor_id: str, result: ScoreResult, version: int, now: datetime) -> dict:
    return {
        "visitor_id": visitor_id,
        "score": result.score,
        "engagement_level": result.level,
        "breakdown": breakdown_of(result),
        "rule_set_version": version,
        "computed_at": now,
    }


# A batch of scores in one statement, from one array per column; each distinct breakdown is sent
# once, and a row names its breakdown by its number (1-based) in that list.
_UNNEST_SCORES = text(
    "INSERT INTO visitor_scores"
    " (visitor_id, score, engagement_level, breakdown, rule_set_version, computed_at)"
    " SELECT batch.visitor_id, batch.score, batch.engagement_level, breakdowns.breakdown,"
    " CAST(:version AS integer), CAST(:computed_at AS timestamp)"
    " FROM unnest(CAST(:visitor_ids AS varchar[]), CAST(:scores AS integer[]),"
    " CAST(:levels AS varchar[]), CAST(:breakdown_numbers AS integer[]))"
    " AS batch (visitor_id, score, engagement_level, number)"
    " JOIN unnest(CAST(:breakdowns AS jsonb[])) WITH ORDINALITY AS breakdowns (breakdown, number)"
    " USING (number)"
    " ON CONFLICT (visitor_id) DO UPDATE SET score = excluded.score,"
    " engagement_level = excluded.engagement_level, breakdown = excluded.breakdown,"
    " rule_set_version = excluded.rule_set_version, computed_at = excluded.computed_at"
)


def store_visitor_scores(scored: list[tuple[str, ScoreResult]], version: int, now: datetime) -> None:
    """Store many visitors' ``(visitor_id, result)`` (no commit): the rows ``visitor_score_row``
    gives, upserted. PostgreSQL: one statement from column arrays, each distinct breakdown turned
    into JSON once; elsewhere the plain upsert."""
    if db.session.get_bind().dialect.name != "postgresql":
        rows = [visitor_score_row(visitor_id, result, version, now) for visitor_id, result in scored]
        upsert(VisitorScore, rows, "visitor_id")
        return
    numbers: dict[tuple, int] = {}
    for _, result in scored:
        numbers.setdefault(result.breakdown, len(numbers) + 1)
    db.session.execute(
        _UNNEST_SCORES,
        {
            "visitor_ids": [visitor_id for visitor_id, _ in scored],
            "scores": [result.score for _, result in scored],
            "levels": [result.level for _, result in scored],
            "breakdown_numbers": [numbers[result.breakdown] for _, result in scored],
            "breakdowns": [json.dumps([item.to_dict() for item in breakdown]) for breakdown in numbers],
            "version": version,
            "computed_at": now,
        },
    )


def tools_used(facts: VisitorFacts) -> str:
    """The tools used in ``facts``, sorted and ";"-joined (a lead's ``tools_used``)."""
    return ";".join(sorted({interaction.tool for interaction in facts.interactions}))


def lead_score_values(facts: VisitorFacts, result: ScoreResult, version: int | None) -> dict:
    """A lead's columns that follow from its facts and their score."""
    return {
        "score": result.score,
        "engagement_level": result.level,
        "score_breakdown": breakdown_of(result),
        "rule_set_version": version,
        "tools_used": tools_used(facts),
    }


def store_visitor_score(
    visitor_id: str,
    now: datetime | None = None,
    live: LiveRules | None = None,
    facts: VisitorFacts | None = None,
) -> Scored:
    """Score one visitor over all of their sessions and store it (no commit).

    ``facts``: the visitor's facts when the caller has them (see ``new_visitor_facts``).
    """
    now = now or utcnow()
    live = live or live_rules()
    if facts is None:
        facts = load_facts({visitor_id: [visitor_id]}, now)[visitor_id]
    result = live.evaluate(facts)
    upsert(VisitorScore, [visitor_score_row(visitor_id, result, live.version, now)], "visitor_id")
    return Scored(result, live.version)


def stored_visitor_score(visitor_id: str | None, live: LiveRules) -> tuple[int, str]:
    """The visitor's own stored score and level (never scored, or not tracked: 0 and its level)."""
    query = select(VisitorScore.score, VisitorScore.engagement_level).where(
        VisitorScore.visitor_id == visitor_id
    )
    row = db.session.execute(query).first() if visitor_id else None
    return (row.score, row.engagement_level) if row else (0, engagement_level(0, live.settings))


def lead_visitor_ids(lead_ids: list[int]) -> dict[int, list[str]]:
    """Every visitor linked to each lead."""
    groups: dict[int, list[str]] = {lead_id: [] for lead_id in lead_ids}
    rows = db.session.execute(
        select(LeadVisitor.lead_id, LeadVisitor.visitor_id).where(LeadVisitor.lead_id.in_(lead_ids))
    )
    for lead_id, visitor_id in rows:
        groups[lead_id].append(visitor_id)
    return groups


def store_lead_score(lead: Lead, now: datetime | None = None, live: LiveRules | None = None) -> Scored:
    """Score a lead over all of its visitors' interactions and set it, with the tools they used,
    on the lead (no commit); a lead that turns hot is told about in the same transaction."""
    now = now or utcnow()
    live = live or live_rules()
    facts = load_facts(lead_visitor_ids([lead.id]), now)[lead.id]
    result = live.evaluate(facts)
    watch_lead(lead)  # a changed score is a webhook event at the commit
    before = lead.score
    for name, value in lead_score_values(facts, result, live.version).items():
        setattr(lead, name, value)
    lead_scored(lead, before, now)
    return Scored(result, live.version)
