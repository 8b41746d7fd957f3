"""What a draft rule set would do to the known visitors' scores, without touching live scores."""

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from leadcapture.models import Visitor
from leadcapture.models.types import utcnow
from leadcapture.scoring import ScoringSettings, compile_rules
from leadcapture.scoring_rules.live import live_rules
from leadcapture.visitor_scores.batches import count, visitor_fact_batches

BATCH_SIZE = 2000
# What the admin page scores: about 40 ms (and 60 ms to count the visitors) with 1M interactions
# on PostgreSQL, bench/admin.py; the CLI scores every visitor.
PAGE_SAMPLE = 1000


@dataclass(frozen=True)
class Mover:
    visitor_id: str
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass
class PreviewReport:
    live_version: int
    population: int  # every known visitor
    visitors: int = 0  # those scored: all of them, or the sample
    changed: int = 0
    levels_before: Counter = field(default_factory=Counter)
    levels_after: Counter = field(default_factory=Counter)
    offered_before: int = 0
    offered_after: int = 0
    movers: list[Mover] = field(default_factory=list)

    @property
    def sampled(self) -> bool:
        return self.visitors < self.population


def preview_total() -> int:
    """How many visitors a full preview scores (for a progress bar)."""
    return count(Visitor.id)


def preview(
    draft_rules: list[dict],
    draft_settings: ScoringSettings,
    movers: int = 10,
    sample: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> PreviewReport:
    """Score every visitor with the live set and with the draft; report how the distribution moves.

    ``sample``: score only the first that many visitors in id order. Visitor ids are random, so
    they are a random sample, and the same one for every draft (drafts compare like for like).
    ``progress`` is called with each batch's visitors. Raises ``RuleValidationError`` when the
    draft does not compile. Reads only.
    """
    draft = compile_rules(draft_rules)
    live = live_rules()
    now = utcnow()
    report = PreviewReport(live.version, preview_total())
    biggest: list[tuple[int, str, int, int]] = []
    for ids, facts in visitor_fact_batches(BATCH_SIZE, now, limit=sample):
        for visitor_id in ids:
            before = live.evaluate(facts[visitor_id])
            after = draft.evaluate(facts[visitor_id], draft_settings)
            report.visitors += 1
            report.levels_before[before.level] += 1
            report.levels_after[after.level] += 1
            report.offered_before += before.score >= live.settings.form_threshold
            report.offered_after += after.score >= draft_settings.form_threshold
            if before.score != after.score:
                report.changed += 1
                entry = (abs(after.score - before.score), visitor_id, before.score, after.score)
                if len(biggest) < movers:
                    heapq.heappush(biggest, entry)
                else:
                    heapq.heappushpop(biggest, entry)
        if progress:
            progress(len(ids))
    report.movers = [Mover(v, b, a) for _, v, b, a in sorted(biggest, reverse=True)]
    return report
