"""Suggested points kept per outcome, period and live version for ``KEEP_FOR``.

A fit reads and fits every lead of the period (about 3 s at 100,000 leads) while the outcomes it
learns from change slowly; the first view fits, later ones within ``KEEP_FOR`` show the same fit
(the page says when it was made), and Apply writes the very points the page showed. Publishing a
version is a new key: its first view fits again.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from leadcapture.kept import Kept, kept_results
from leadcapture.learning.suggest import Suggestions, suggest
from leadcapture.models.types import utcnow
from leadcapture.ops.metrics import count_cache
from leadcapture.reports.period import Period
from leadcapture.scoring_rules.live import LiveRules

KEEP_FOR = timedelta(minutes=10)
KEPT_FITS = 8


@dataclass(frozen=True)
class KeptSuggestions:
    suggestions: Suggestions
    fitted_at: datetime


def kept_suggestions(
    outcome: str, period: Period, live: LiveRules, now: datetime | None = None
) -> KeptSuggestions:
    """The suggested points for the ``live`` version's active rules, as fitted at most ``KEEP_FOR``
    before ``now``."""
    now = now or utcnow()
    key = (outcome, period.first, period.last, live.version)
    kept: Kept[KeptSuggestions] = kept_results("rule_suggestions", KEPT_FITS)
    with kept.key_lock(key):
        found = kept.get(key)
        fresh = found is not None and now - found.fitted_at < KEEP_FOR
        count_cache("rule_suggestions", hit=fresh)
        if not fresh:
            found = KeptSuggestions(suggest(outcome, period, live.compiled.active_rules), now)
        kept.keep(key, found)
        return found
