"""The rule lift and the suggested points, kept per outcome, period and live version for ``KEEP_FOR``.

Both read every lead of the period (the lift about 0.3 s, a fit about 3 s at 100,000 leads) while
the outcomes they learn from change slowly: the first view computes, later ones within
``KEEP_FOR`` show the same report (the page says when it was made), and Apply writes the very
points the suggestions page showed. Publishing a version is a new key: its first view computes again.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from leadcapture.kept import Computed, computed_recently
from leadcapture.models.types import utcnow
from leadcapture.reports.period import Period
from leadcapture.scoring import Rule
from leadcapture.scoring_rules.live import LiveRules

KEEP_FOR = timedelta(minutes=10)
KEPT_REPORTS = 8
T = TypeVar("T")


def kept_report(
    name: str,
    compute: Callable[[str, Period, tuple[Rule, ...]], T],
    outcome: str,
    period: Period,
    live: LiveRules,
    now: datetime | None = None,
) -> Computed[T]:
    """``compute(outcome, period, the live version's active rules)``, as computed at most
    ``KEEP_FOR`` before ``now`` (kept in the app under ``name``)."""
    return computed_recently(
        name,
        KEPT_REPORTS,
        (outcome, period.first, period.last, live.version),
        KEEP_FOR,
        lambda: compute(outcome, period, live.compiled.active_rules),
        now or utcnow(),
    )
