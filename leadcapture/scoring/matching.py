"""How one compiled rule finds its matches and turns them into points.

Speed matters here (see ``bench/scoring.py``): an evaluation reads each interaction field once
as a *column* (one value per interaction, shared by all rules), operators work on whole columns
with C-level list operations, and each rule gets, at compile time, the cheapest counting strategy
its shape allows.
"""

from collections.abc import Callable
from itertools import compress
from operator import and_, or_

from leadcapture.scoring.conditions import CompiledCondition
from leadcapture.scoring.facts import VisitorFacts
from leadcapture.scoring.rules import Rule

Fired = tuple[int, int] | None  # (points, matches) of a rule that fired, None if it did not
_SLOW_OPERATORS = ("contains", "count_gte", "gt", "gte", "lt", "lte")  # judged one value at a time


class Evaluation:
    """Per-visitor scratch space: each interaction column is read once and shared by all rules.

    ``weights`` is None when decay is off, else one weight (0-1) per interaction.
    """

    __slots__ = ("facts", "interactions", "columns", "weights")

    def __init__(self, facts: VisitorFacts, weights: list[float] | None):
        self.facts = facts
        self.interactions = facts.interactions
        self.columns: dict[str, list] = {}
        self.weights = weights

    def column(self, condition: CompiledCondition) -> list:
        return _column(self, condition.column_key, condition.read_column)


def round_half_away(value: float) -> int:
    """Round half away from zero (2.5 -> 3, -2.5 -> -3)."""
    return int(value + 0.5) if value >= 0 else -int(0.5 - value)


class CompiledRule:
    """A rule with its conditions split by scope and compiled.

    ``fire(run)`` (decay off) and ``fire_decayed(run)`` (decay on) return ``(points, matches)``
    when the rule fires, else None.
    """

    __slots__ = ("rule", "name", "kind", "points", "per_match", "maximum", "skip", "match_all")
    __slots__ += ("visitor_conditions", "interaction_conditions", "count", "fire")

    def __init__(self, rule: Rule, conditions: list[CompiledCondition]):
        self.rule = rule
        self.name, self.kind, self.points = rule.name, rule.kind, rule.points
        self.per_match, self.maximum, self.skip = rule.per_match, rule.maximum, rule.skip_matches
        self.match_all = rule.condition["match"] == "all"
        self.visitor_conditions = tuple(c for c in conditions if c.read_column is None)
        interaction = [c for c in conditions if c.read_column is not None]
        # For "all", cheap whole-column operators first narrow what the slow ones must look at.
        self.interaction_conditions = tuple(sorted(interaction, key=lambda c: c.op in _SLOW_OPERATORS))
        self.count = self._choose_counter()
        self.fire = self._single_condition_firer() if self.count is None else self._plain_firer(self.count)

    def _choose_counter(self) -> Callable[[Evaluation], int] | None:
        """The counting strategy for this rule's shape (None: the inlined one-condition firer)."""
        if self.visitor_conditions:
            return self._count_with_visitor if self.interaction_conditions else self._visitor_only_counter()
        if len(self.interaction_conditions) == 1:
            return None
        if len(self.interaction_conditions) == 2:
            return self._two_condition_counter()
        return self._count_all if self.match_all else self._count_any

    def _visitor_only_counter(self) -> Callable[[Evaluation], int]:
        """One match when the aggregates satisfy the conditions, else none."""
        checks = tuple((c.pred, c.visitor_reader) for c in self.visitor_conditions)
        if len(checks) == 1:
            ((pred, read),) = checks
            return lambda run: 1 if pred(read(run.facts)) else 0
        decide = all if self.match_all else any
        return lambda run: 1 if decide(pred(read(run.facts)) for pred, read in checks) else 0

    def _two_condition_counter(self) -> Callable[[Evaluation], int]:
        """``_count_all`` / ``_count_any`` unrolled for two conditions (a common shape)."""
        first, second = self.interaction_conditions
        key1, read1, mask1, count1 = first.column_key, first.read_column, first.mask, first.count
        key2, read2, count2 = second.column_key, second.read_column, second.count

        def count_all(run: Evaluation) -> int:
            mask = mask1(_column(run, key1, read1))
            if True not in mask:
                return 0
            return count2(list(compress(_column(run, key2, read2), mask)))

        def count_any(run: Evaluation) -> int:
            # |A or B| = |A| + |B| - |A and B|, with whole-column counts where possible.
            column1, column2 = _column(run, key1, read1), _column(run, key2, read2)
            in1, in2 = count1(column1), count2(column2)
            if not in1 or not in2:
                return in1 + in2
            return in1 + in2 - count2(list(compress(column2, mask1(column1))))

        return count_all if self.match_all else count_any

    def visitor_verdict(self, facts: VisitorFacts) -> bool | None:
        """True/False when the visitor conditions alone decide every interaction, else None."""
        if not self.visitor_conditions:
            return None
        if self.match_all:
            if not all(c.holds_for(facts) for c in self.visitor_conditions):
                return False
            return None if self.interaction_conditions else True
        if any(c.holds_for(facts) for c in self.visitor_conditions):
            return True
        return None if self.interaction_conditions else False

    def mask(self, run: Evaluation) -> list:
        """One bool per interaction: does it satisfy the interaction conditions."""
        first, *rest = self.interaction_conditions
        mask = first.mask(run.column(first))
        combine = and_ if self.match_all else or_
        for condition in rest:
            if self.match_all and True not in mask:
                break
            mask = list(map(combine, mask, condition.mask(run.column(condition))))
        return mask

    def _count_with_visitor(self, run: Evaluation) -> int:
        verdict = self.visitor_verdict(run.facts)  # (only used for rules with interaction conditions)
        if verdict is not None:
            return len(run.interactions) if verdict else 0
        return self._count_all(run) if self.match_all else self._count_any(run)

    def _count_any(self, run: Evaluation) -> int:
        return self.mask(run).count(True)

    def _count_all(self, run: Evaluation) -> int:
        """Each condition only looks at the interactions that passed the previous ones."""
        *narrowing, last = self.interaction_conditions
        masks: list[list] = []
        for condition in narrowing:
            mask = condition.mask(_narrow(run.column(condition), masks))
            if True not in mask:
                return 0
            masks.append(mask)
        return last.count(_narrow(run.column(last), masks))

    def matched_weights(self, run: Evaluation) -> list[float]:
        """The decay weight of every match, oldest first (decay on)."""
        verdict = self.visitor_verdict(run.facts)
        if verdict is not None:
            return (list(run.weights) if self.interaction_conditions else [1.0]) if verdict else []
        return list(compress(run.weights, self.mask(run)))

    def _plain_firer(self, count: Callable[[Evaluation], int]) -> Callable[[Evaluation], Fired]:
        points, skip, per_match, cap = self.points, self.skip, self.per_match, self.cap

        def fire(run: Evaluation) -> Fired:
            matches = count(run) - skip
            if matches <= 0:
                return None
            return (cap(points * matches) if per_match else points), matches

        return fire

    def _single_condition_firer(self) -> Callable[[Evaluation], Fired]:
        """``_plain_firer`` and the count inlined for the common one-condition rule (the hot path)."""
        condition = self.interaction_conditions[0]
        key, read, count = condition.column_key, condition.read_column, condition.count
        points, skip, per_match, cap = self.points, self.skip, self.per_match, self.cap

        def fire(run: Evaluation) -> Fired:
            column = run.columns.get(key)
            if column is None:
                column = run.columns[key] = read(run.interactions)
            matches = count(column) - skip
            if matches <= 0:
                return None
            return (cap(points * matches) if per_match else points), matches

        return fire

    def fire_decayed(self, run: Evaluation) -> Fired:
        weights = self.matched_weights(run)[self.skip :]
        if not weights:
            return None
        if self.per_match:
            return round_half_away(self.cap(self.points * sum(weights))), len(weights)
        return round_half_away(self.points * max(weights)), len(weights)

    def cap(self, points: float) -> float:
        """Apply ``maximum`` (to the absolute value) to a per-match rule's total."""
        if self.maximum is None or abs(points) <= self.maximum:
            return points
        return self.maximum if points > 0 else -self.maximum


def _column(run: Evaluation, key: str, read: Callable) -> list:
    column = run.columns.get(key)
    if column is None:
        column = run.columns[key] = read(run.interactions)
    return column


def _narrow(column: list, masks: list[list]) -> list:
    for mask in masks:
        column = list(compress(column, mask))
    return column
