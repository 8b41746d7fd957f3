"""Suggested points: a regularised logistic regression of the outcome on which live rules fired,
fitted on the oldest 75 % of a period's leads and judged on the newest 25 % (a held-out time split).

Coefficients → points: each rule's coefficient (the log-odds its firing adds) is scaled so that the
strongest positive rule gets the highest points of the live table now (its top stays the top, so the
thresholds keep their meaning), rounded to a whole number. A base rule never goes below 0 (the
highest base fired sets the base score); a bonus rule may go negative, as the table allows. A
per-match rule's points are per match: its suggestion is divided by the matches it counted on
average. Kinds, conditions, per-match caps and everything but ``points`` stay as they are; a rule
that fired for too few training leads keeps its points. A rule whose firing the outcome itself
decides (``outcomes.set_apart``: for bookings, the booking tool's rules and the bases they outrank)
is left out of the fit and of both rankings, and keeps its points.

The fit weighs classes as balanced: outcomes are rare (a few percent), and unweighted the L2
penalty shrinks every coefficient toward the intercept; balanced weights keep the rules' relative
strengths, which is all the points use (the ranking does not depend on the intercept).
"""

from dataclasses import dataclass

import numpy as np

from leadcapture.learning.features import Leads, read_leads
from leadcapture.learning.outcomes import set_apart
from leadcapture.learning.ranking import Ranking, ranking, scores
from leadcapture.reports.period import Period
from leadcapture.scoring import Rule
from leadcapture.scoring.rules import BASE

TRAIN_SHARE = 0.75
MIN_LEADS = 100  # leads of the period in all
MIN_OUTCOMES = 10  # outcomes (and leads without one) in the training part
MIN_TEST_OUTCOMES = 3  # outcomes (and leads without one) in the held-out part
MIN_FIRED = 10  # training leads a rule fired for before its points are suggested
C = 1.0  # inverse L2 strength (scikit-learn's default): features are 0/1, on one scale

VERBS = {"booking": "booked", "qualified": "were qualified", "won": "were won"}


@dataclass(frozen=True)
class RuleSuggestion:
    rule: Rule
    points: int  # suggested
    fired: int  # training leads it fired for
    explanation: str


@dataclass(frozen=True)
class Suggestions:
    """``message`` says why there is no suggestion; otherwise rules and both rankings are set."""

    outcome: str
    train_leads: int
    test_leads: int
    rules: list[RuleSuggestion]
    current: Ranking | None = None
    suggested: Ranking | None = None
    message: str | None = None

    @property
    def changed(self) -> dict[str, int]:
        """{rule name: suggested points} of the rules whose points would change."""
        return {item.rule.name: item.points for item in self.rules if item.points != item.rule.points}


def suggest(outcome: str, period: Period, rules: tuple[Rule, ...]) -> Suggestions:
    """Suggested points for ``rules`` (the live version's active rules) from ``outcome`` in ``period``."""
    from sklearn.linear_model import LogisticRegression  # loaded on use (tests/app/test_startup.py)

    apart = set_apart(outcome, rules)
    learnt = tuple(rule for rule in rules if rule.name not in apart)
    kept = [_kept(rule, apart[rule.name]) for rule in rules if rule.name in apart]
    leads = read_leads(outcome, period, learnt)
    train, test = leads.split(TRAIN_SHARE)
    message = _thin(leads, train, test)
    if message:
        return Suggestions(outcome, len(train), len(test), kept, message=message)
    model = LogisticRegression(C=C, class_weight="balanced").fit(train.fired, train.hits)
    points = _points(learnt, model.coef_[0], train)
    items = {item.rule.name: item for item in kept}
    items |= {rule.name: _item(outcome, rule, points[i], train, i) for i, rule in enumerate(learnt)}
    return Suggestions(
        outcome,
        len(train),
        len(test),
        [items[rule.name] for rule in rules],
        ranking(scores(learnt, [rule.points for rule in learnt], test.fired, test.matches), test.hits),
        ranking(scores(learnt, points, test.fired, test.matches), test.hits),
    )


def _kept(rule: Rule, why: str) -> RuleSuggestion:
    text = (
        f"{why.capitalize()} (a booking is a tool use), so it cannot predict it: keeps {rule.points} points."
    )
    return RuleSuggestion(rule, rule.points, 0, text)


def _thin(leads: Leads, train: Leads, test: Leads) -> str | None:
    if len(leads) < MIN_LEADS:
        return f"Not enough data: {len(leads)} leads in the period, at least {MIN_LEADS} are needed."
    if min(train.hits.sum(), len(train) - train.hits.sum()) < MIN_OUTCOMES:
        return (
            f"Not enough data: the older {len(train)} leads need at least {MIN_OUTCOMES} leads with "
            f"the outcome and {MIN_OUTCOMES} without ({int(train.hits.sum())} reached it)."
        )
    if min(test.hits.sum(), len(test) - test.hits.sum()) < MIN_TEST_OUTCOMES:
        return (
            f"Not enough data: the newest {len(test)} leads (held out) need at least "
            f"{MIN_TEST_OUTCOMES} leads with the outcome and {MIN_TEST_OUTCOMES} without "
            f"({int(test.hits.sum())} reached it)."
        )
    if not train.fired.any():
        return "Not enough data: no live rule fired for the older leads."
    return None


def _points(rules: tuple[Rule, ...], coefficients: np.ndarray, train: Leads) -> list[int]:
    counted = train.fired.sum(axis=0) >= MIN_FIRED
    strongest = max((c for c, ok in zip(coefficients, counted, strict=True) if ok), default=0.0)
    top = min(100, max((rule.points for rule in rules), default=0))
    if strongest <= 0 or top <= 0:
        return [rule.points for rule in rules]
    return [
        _rule_points(rule, coefficient * top / strongest, train, index) if counted[index] else rule.points
        for index, (rule, coefficient) in enumerate(zip(rules, coefficients, strict=True))
    ]


def _rule_points(rule: Rule, total: float, train: Leads, index: int) -> int:
    if rule.per_match:
        fired = train.fired[:, index] > 0
        total /= train.matches[fired, index].mean()
    return max(0, round(total)) if rule.kind == BASE else round(total)


def _item(outcome: str, rule: Rule, points: int, train: Leads, index: int) -> RuleSuggestion:
    fired = train.fired[:, index] > 0
    count = int(fired.sum())
    now = f"{points} points (now {rule.points})"
    if count < MIN_FIRED:
        text = f"Fired for {count} of the older leads, too few to judge: keeps {rule.points} points."
        return RuleSuggestion(rule, points, count, text)
    rate_with, rate_without = train.hits[fired].mean(), _mean(train.hits[~fired])
    verb = VERBS[outcome]
    if rate_without == 0:
        how = f"{rate_with:.0%} of them {verb}, none of the others"
    else:
        how = f"they {verb} {rate_with / rate_without:.1f}× as often as the others"
    return RuleSuggestion(
        rule, points, count, f"Fired for {count:,} of the older leads; {how}; suggested {now}."
    )


def _mean(values: np.ndarray) -> float:
    return float(values.mean()) if len(values) else 0.0
