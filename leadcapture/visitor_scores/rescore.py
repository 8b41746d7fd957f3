"""Applying the live rule set to every visitor and lead, in batches."""

from collections.abc import Callable
from dataclasses import dataclass

from leadcapture.extensions import db
from leadcapture.leads.bulk import update_leads
from leadcapture.models import Lead, Visitor
from leadcapture.models.types import utcnow
from leadcapture.scoring_rules.live import live_rules
from leadcapture.visitor_scores.batches import count, key_batches, range_facts, visitor_fact_batches
from leadcapture.visitor_scores.store import lead_score_values, store_visitor_scores

BATCH_SIZE = 2000


@dataclass
class RescoreReport:
    version: int
    visitors: int
    leads: int


def rescore_total() -> int:
    """How many visitors and leads a rescore walks (for a progress bar)."""
    return count(Visitor.id) + count(Lead.id)


def rescore_all(batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None) -> RescoreReport:
    """Score every visitor and lead with the live rule set; commits after each batch.

    ``progress`` is called with the number of visitors or leads each batch finished.
    """
    live = live_rules()
    now = utcnow()
    visitors = leads = 0
    for ids, facts in visitor_fact_batches(batch_size, now):
        scored = [(visitor_id, live.evaluate(facts[visitor_id])) for visitor_id in ids]
        store_visitor_scores(scored, live.version, now)
        db.session.commit()
        visitors += len(ids)
        if progress:
            progress(len(ids))
    for ids in key_batches(Lead.id, batch_size):
        facts = range_facts(ids, now, leads=True)
        rows = [
            {"id": lead_id, **lead_score_values(facts[lead_id], live.evaluate(facts[lead_id]), live.version)}
            for lead_id in ids
        ]
        update_leads(rows)  # the changed leads' outbox rows are synced after the commit
        db.session.commit()
        leads += len(ids)
        if progress:
            progress(len(ids))
    return RescoreReport(live.version, visitors, leads)
