"""The daily decay job: the visitors and leads whose score time has carried across a level or the
form threshold get their new score; everyone else keeps theirs until something rescores them.

Finding them cheaply: a stored score was computed when its newest interaction arrived or later, and
since then every interaction's weight has shrunk by the same factor, at least ``2 ** (-age / h)``
with ``age`` the newest interaction's age. So the score now is at least ``stored * 2 ** (-age / h)``
less one point per active rule (each rule's rounding). Only rows whose bound falls below the
highest threshold at or under their stored score are loaded and scored; of those, only the ones
that crossed are written. Rules on visitor aggregates alone do not decay; the bound assumes they
give no negative points (the default rules give none).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.leads.bulk import update_leads
from leadcapture.models import Interaction, Lead, LeadVisitor, VisitorScore
from leadcapture.models.types import utcnow
from leadcapture.scoring import ScoringSettings, engagement_level
from leadcapture.scoring_rules.live import LiveRules, live_rules
from leadcapture.visitor_scores.facts_loader import load_facts
from leadcapture.visitor_scores.store import lead_score_values, lead_visitor_ids, store_visitor_scores

BATCH_SIZE = 2000


@dataclass
class DecayReport:
    """How many visitors and leads were scored (``examined``) and how many crossed (``changed``)."""

    examined_visitors: int = 0
    changed_visitors: int = 0
    examined_leads: int = 0
    changed_leads: int = 0


def thresholds(settings: ScoringSettings) -> list[int]:
    """The scores a visitor can fall below: the levels' and the form's (0 cannot be fallen below)."""
    return sorted(
        {t for t in (settings.medium_threshold, settings.high_threshold, settings.form_threshold) if t}
    )


def may_cross(score: int, newest: datetime, now: datetime, live: LiveRules) -> bool:
    """Can a ``score`` stored when the newest interaction (at ``newest``) came have fallen below a
    threshold by ``now``?"""
    below = [t for t in thresholds(live.settings) if t <= score]
    age = (now - newest).total_seconds() / 86400
    if not below or age <= 0:
        return False
    lowest = score * 2.0 ** (-age / live.settings.decay_half_life_days) - len(live.compiled.active_rules)
    return lowest < below[-1]


def crossed(before: int, after: int, settings: ScoringSettings) -> bool:
    """Did the score move to another level, or across the form threshold?"""
    form = settings.form_threshold
    return engagement_level(before, settings) != engagement_level(after, settings) or (before >= form) != (
        after >= form
    )


def decay_scores(now: datetime | None = None) -> DecayReport:
    """Give the visitors and leads whose decayed score crossed a threshold their new score, the
    normal way (leads: lifecycle stage, webhooks, HubSpot outbox); commits after each batch."""
    live = live_rules()
    report = DecayReport()
    if not live.settings.decay_enabled or not thresholds(live.settings):
        return report
    now = now or utcnow()
    for ids, stored in _candidates(_visitor_rows(live), now, live):
        facts = load_facts({visitor_id: [visitor_id] for visitor_id in ids}, now)
        results = {visitor_id: live.evaluate(facts[visitor_id]) for visitor_id in ids}
        scored = [
            (visitor_id, result)
            for visitor_id, result in results.items()
            if crossed(stored[visitor_id], result.score, live.settings)
        ]
        if scored:
            store_visitor_scores(scored, live.version, now)  # the rescore's batch write
        db.session.commit()
        report.examined_visitors += len(ids)
        report.changed_visitors += len(scored)
    for ids, stored in _candidates(_lead_rows(live), now, live):
        facts = load_facts(lead_visitor_ids(ids), now)
        rows = []
        for lead_id in ids:
            result = live.evaluate(facts[lead_id])
            if crossed(stored[lead_id], result.score, live.settings):
                rows.append({"id": lead_id, **lead_score_values(facts[lead_id], result, live.version)})
        update_leads(rows)  # their outbox rows are synced after the commit
        db.session.commit()
        report.examined_leads += len(ids)
        report.changed_leads += len(rows)
    return report


def _visitor_rows(live: LiveRules):
    newest = func.max(Interaction.created_at)
    return (
        select(VisitorScore.visitor_id, VisitorScore.score, newest)
        .join(Interaction, Interaction.visitor_id == VisitorScore.visitor_id)
        .where(VisitorScore.score >= thresholds(live.settings)[0])
        .group_by(VisitorScore.visitor_id, VisitorScore.score)
    )


def _lead_rows(live: LiveRules):
    newest = func.max(Interaction.created_at)
    return (
        select(Lead.id, Lead.score, newest)
        .join(LeadVisitor, LeadVisitor.lead_id == Lead.id)
        .join(Interaction, Interaction.visitor_id == LeadVisitor.visitor_id)
        .where(Lead.score >= thresholds(live.settings)[0])
        .group_by(Lead.id, Lead.score)
    )


def _candidates(query, now: datetime, live: LiveRules) -> Iterator[tuple[list, dict]]:
    """Batches of (ids, their stored scores) of the rows whose score may have crossed."""
    stored = {
        key: score for key, score, newest in db.session.execute(query) if may_cross(score, newest, now, live)
    }
    keys = sorted(stored)
    for start in range(0, len(keys), BATCH_SIZE):
        ids = keys[start : start + BATCH_SIZE]
        yield ids, {key: stored[key] for key in ids}
