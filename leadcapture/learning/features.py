"""The leads a fit learns from: per lead of a period, in creation order, which rules fired (and how
many matches they counted) and whether it reached the outcome, read in one query."""

from dataclasses import dataclass

import numpy as np

from leadcapture.extensions import db
from leadcapture.learning.outcomes import leads_with_outcome
from leadcapture.models import Lead
from leadcapture.reports.period import Period
from leadcapture.scoring import Rule


@dataclass(frozen=True)
class Leads:
    """``fired`` (leads × rules, 0/1), ``matches`` (leads × rules, counted matches where it fired)
    and ``hits`` (0/1 per lead), oldest lead first."""

    fired: np.ndarray
    matches: np.ndarray
    hits: np.ndarray

    def __len__(self) -> int:
        return len(self.hits)

    def split(self, share: float) -> tuple["Leads", "Leads"]:
        """The oldest ``share`` of the leads, and the newest rest (a held-out time split)."""
        cut = int(len(self) * share)
        return self._rows(slice(None, cut)), self._rows(slice(cut, None))

    def _rows(self, rows: slice) -> "Leads":
        return Leads(self.fired[rows], self.matches[rows], self.hits[rows])


def read_leads(outcome: str, period: Period, rules: tuple[Rule, ...]) -> Leads:
    """The leads created in ``period`` with the fired ``rules`` of their stored score breakdown."""
    query = leads_with_outcome(outcome, period, Lead.score_breakdown).order_by(Lead.created_at, Lead.id)
    column = {rule.name: index for index, rule in enumerate(rules)}
    rows = db.session.execute(query).all()
    matches = np.zeros((len(rows), len(rules)))
    for row, (breakdown, _hit) in enumerate(rows):
        for item in breakdown or ():
            index = column.get(item.get("rule"))
            if index is not None:
                matches[row, index] = item.get("matches") or 1
    hits = np.fromiter((hit for _breakdown, hit in rows), dtype=float, count=len(rows))
    return Leads((matches > 0).astype(float), matches, hits)
