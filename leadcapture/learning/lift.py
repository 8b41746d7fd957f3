"""Rule lift: for each rule of the live version, the outcome rate of the leads where it fired (it is
in their score breakdown, i.e. gave points; a base rule outranked by a higher one is not) against
the leads where it did not, their ratio (the lift) and its 95 % interval.

One query counts, per rule name in the breakdowns, the leads and their outcomes, plus the totals;
"did not fire" is the totals minus "fired". Below ``MIN_LEADS`` leads on either side, or
``MIN_OUTCOMES`` outcomes in all, a rule gets "not enough data" instead of a lift. A rule whose firing
the outcome itself decides (``outcomes.set_apart``: a booking is a tool use) keeps its numbers but
is not ranked: it comes last, with the reason.
"""

from dataclasses import dataclass

from sqlalchemy import JSON, String, column, func, literal, select, true, union_all

from leadcapture.extensions import db
from leadcapture.learning.intervals import Rate, rate, ratio_interval
from leadcapture.learning.outcomes import leads_with_outcome, set_apart
from leadcapture.models import Lead
from leadcapture.reports.period import Period
from leadcapture.scoring import Rule

MIN_LEADS = 30  # leads on each side (fired / did not fire)
MIN_OUTCOMES = 5  # outcomes on both sides together


@dataclass(frozen=True)
class RuleLift:
    """One rule's comparison; ``lift``, ``low`` and ``high`` are None without enough data."""

    rule: Rule
    fired: Rate
    not_fired: Rate
    lift: float | None
    low: float | None
    high: float | None
    set_apart: str | None = None  # why the outcome itself decides whether it fires (not ranked)

    @property
    def enough_data(self) -> bool:
        return self.lift is not None

    @property
    def ranked(self) -> bool:
        return self.enough_data and self.set_apart is None


@dataclass(frozen=True)
class LiftReport:
    outcome: str
    period: Period
    leads: Rate  # every lead of the period
    rules: list[RuleLift]  # by lift, highest first; those without enough data, then with the outcome, last


def rule_lift(outcome: str, period: Period, rules: tuple[Rule, ...]) -> LiftReport:
    """The lift of each of ``rules`` (the live version's active rules) for ``outcome`` in ``period``."""
    counts = _counts(outcome, period)
    total_leads, total_hits = counts.pop(None, (0, 0))
    apart = set_apart(outcome, rules)
    lifts = [
        _lift(rule, *counts.get(rule.name, (0, 0)), total_leads, total_hits, apart.get(rule.name))
        for rule in rules
    ]
    lifts.sort(key=lambda item: (not item.ranked, not item.enough_data, -(item.lift or 0), -item.fired.leads))
    return LiftReport(outcome, period, rate(total_hits, total_leads), lifts)


def _lift(
    rule: Rule, leads: int, hits: int, total_leads: int, total_hits: int, apart: str | None
) -> RuleLift:
    fired, not_fired = rate(hits, leads), rate(total_hits - hits, total_leads - leads)
    if min(fired.leads, not_fired.leads) < MIN_LEADS or total_hits < MIN_OUTCOMES:
        return RuleLift(rule, fired, not_fired, None, None, None, apart)
    return RuleLift(rule, fired, not_fired, *ratio_interval(fired, not_fired), apart)


def _counts(outcome: str, period: Period) -> dict[str | None, tuple[int, int]]:
    """{rule name: (leads where it fired, their outcomes)}, and None: (all leads, all outcomes)."""
    scoped = leads_with_outcome(outcome, period, Lead.score_breakdown.label("breakdown")).cte("scoped")
    elements = "jsonb_array_elements" if db.session.get_bind().dialect.name == "postgresql" else "json_each"
    fired = getattr(func, elements)(scoped.c.breakdown).table_valued(column("value", JSON)).alias("fired")
    name = fired.c.value["rule"].as_string()
    per_rule = (
        select(name, func.count(), func.coalesce(func.sum(scoped.c.hit), 0))
        .join_from(scoped, fired, true())
        .where(name.is_not(None))  # None is the totals' key
        .group_by(name)
    )
    totals = select(
        literal(None, String()), func.count(), func.coalesce(func.sum(scoped.c.hit), 0)
    ).select_from(scoped)
    rows = db.session.execute(union_all(per_rule, totals))
    return {rule: (leads, int(hits)) for rule, leads, hits in rows}
