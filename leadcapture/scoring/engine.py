"""Compile a rule set once (``compile_rules``), then score many visitors with it (``evaluate``).

The scoring semantics are documented once, in the package docstring (``leadcapture/scoring``);
how a rule counts its matches fast is in ``matching``.

Decay is a half-life ``h`` (``decay_half_life_days``): an interaction ``a`` days old weighs
``w = 2 ** (-a / h)`` (1 when its age is unknown, 0 or negative). A base or plain bonus rule gives
``points * w`` of its freshest matching interaction; a per-match rule ``points * sum(w)`` over its
counted matches (after ``skip_matches``, oldest skipped first), then ``maximum``; a rule on visitor
aggregates only weighs 1; each rule's points are then rounded half away from zero. Worked example,
``h = 30``: a cost-calculator use 30 days old (w = 1/2) gives 70 -> 35 for the base and 15 -> 7.5 -> 8
for "Multiple procedures"; at 60 days (w = 1/4) 70 -> 17.5 -> 18; three face analyses 30 days old
under "5 each, at most 12" give 5 * 1.5 = 7.5 -> 8, six of them 15 -> capped 12. Every weight
shrinks by the same factor as time passes, so a score without negative points only falls; the
evaluation reads no clock (``age_days`` comes from the ``now`` given to ``VisitorFacts.from_dict``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from leadcapture.scoring.conditions import CompiledCondition, compile_condition
from leadcapture.scoring.errors import RuleValidationError
from leadcapture.scoring.facts import VisitorFacts
from leadcapture.scoring.matching import CompiledRule, Evaluation
from leadcapture.scoring.rules import BASE, BONUS, Rule
from leadcapture.scoring.settings import DEFAULT_SETTINGS, ScoringSettings

LOW, MEDIUM, HIGH = "low", "medium", "high"
MIN_SCORE, MAX_SCORE = 0, 100


class BreakdownItem(NamedTuple):
    """One rule that gave points: its name, kind (base/bonus), points and matches.

    ``matches`` is how many interactions matched (1 for a rule judged on aggregates only); for a
    per-match rule, the matches that counted (after ``skip_matches``).
    """

    rule: str
    kind: str
    points: int
    matches: int

    def to_dict(self) -> dict:
        return {"rule": self.rule, "kind": self.kind, "points": self.points, "matches": self.matches}


@dataclass(slots=True)
class ScoreResult:
    """A visitor's score (0-100), engagement level and why (treat as read-only; not frozen
    because a frozen dataclass costs a measurable share of an evaluation).

    ``superseded`` names base rules that matched but were outranked by a higher base rule.
    """

    score: int
    level: str
    breakdown: tuple[BreakdownItem, ...]
    unclamped_total: int
    superseded: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "score": self.score,
            "level": self.level,
            "breakdown": [item.to_dict() for item in self.breakdown],
            "unclamped_total": self.unclamped_total,
            "superseded": list(self.superseded),
        }


def engagement_level(score: float, settings: ScoringSettings = DEFAULT_SETTINGS) -> str:
    """``low`` / ``medium`` / ``high`` by the settings' thresholds."""
    if score >= settings.high_threshold:
        return HIGH
    return MEDIUM if score >= settings.medium_threshold else LOW


class CompiledRuleSet:
    """A validated, ordered, compiled rule set; ``evaluate`` scores one visitor.

    ``rules`` holds every rule (inactive ones too) ordered by ``position`` then input order;
    only active rules are compiled and fire.
    """

    def __init__(self, rules: list[Rule]):
        self.rules: tuple[Rule, ...] = tuple(rules)
        shared: dict[tuple, CompiledCondition] = {}
        self._compiled = tuple(
            CompiledRule(rule, [_shared_condition(item, shared) for item in rule.condition["conditions"]])
            for rule in self.rules
            if rule.active
        )
        self._base = tuple(c for c in self._compiled if c.kind == BASE)
        self._bonus = tuple(c for c in self._compiled if c.kind != BASE)

    @property
    def active_rules(self) -> tuple[Rule, ...]:
        return tuple(c.rule for c in self._compiled)

    def evaluate(self, facts: VisitorFacts, settings: ScoringSettings = DEFAULT_SETTINGS) -> ScoreResult:
        """Score one visitor: score 0-100, level, breakdown, unclamped total."""
        weights = _weights(facts, settings) if settings.decay_enabled else None
        decayed = weights is not None and min(weights, default=1.0) < 1.0  # else the plain path is the same
        run = Evaluation(facts, weights if decayed else None)
        base: tuple[CompiledRule, int, int] | None = None
        superseded: list[str] = []
        for rule in self._base:
            fired = rule.fire_decayed(run) if decayed else rule.fire(run)
            if fired is None:
                continue
            if base is None or fired[0] > base[1]:
                if base is not None:
                    superseded.append(base[0].name)
                base = (rule, *fired)
            else:
                superseded.append(rule.name)
        items = [BreakdownItem(base[0].name, BASE, base[1], base[2])] if base else []
        for rule in self._bonus:
            fired = rule.fire_decayed(run) if decayed else rule.fire(run)
            if fired is not None:
                items.append(BreakdownItem(rule.name, BONUS, *fired))
        total = sum(item.points for item in items)
        score = min(MAX_SCORE, max(MIN_SCORE, total))
        level = engagement_level(score, settings)
        return ScoreResult(score, level, tuple(items), total, tuple(superseded))


def _shared_condition(item: Mapping, shared: dict[tuple, CompiledCondition]) -> CompiledCondition:
    compiled = compile_condition(item)
    return shared.setdefault(compiled.key, compiled)


def _weights(facts: VisitorFacts, settings: ScoringSettings) -> list[float]:
    half_life = settings.decay_half_life_days
    return [decay_weight(i.age_days, half_life) for i in facts.interactions]


def decay_weight(age_days: float | None, half_life_days: float) -> float:
    """What share of its points an interaction ``age_days`` old keeps: ``2 ** (-age / half-life)``."""
    if age_days is None or age_days <= 0:
        return 1.0
    return 2.0 ** (-age_days / half_life_days)


def compile_rules(rules: Iterable[Rule | Mapping[str, Any]]) -> CompiledRuleSet:
    """Validate (dicts) and compile a rule set; names must be unique.

    Raises ``RuleValidationError`` with paths like ``rules[2].conditions[0].op``.
    """
    parsed: list[tuple[int, Rule]] = []
    errors: dict[str, str] = {}
    seen: dict[str, int] = {}
    for index, raw in enumerate(rules):
        try:
            rule = raw if isinstance(raw, Rule) else Rule.from_dict(raw)
        except RuleValidationError as error:
            errors.update({_prefixed(index, path): message for path, message in error.errors.items()})
            continue
        if rule.name in seen:
            errors[f"rules[{index}].name"] = (
                f"duplicate rule name {rule.name!r} (also rules[{seen[rule.name]}])"
            )
        seen.setdefault(rule.name, index)
        parsed.append((index, rule))
    if errors:
        raise RuleValidationError(errors)
    parsed.sort(key=lambda pair: (pair[1].position, pair[0]))
    return CompiledRuleSet([rule for _, rule in parsed])


def _prefixed(index: int, path: str) -> str:
    return f"rules[{index}]" if path == "rule" else f"rules[{index}].{path}"


def score_visitor(
    facts: VisitorFacts | Mapping[str, Any],
    rules: CompiledRuleSet | Iterable[Rule | Mapping[str, Any]],
    settings: ScoringSettings = DEFAULT_SETTINGS,
) -> ScoreResult:
    """One-off convenience: compile ``rules`` if needed and score ``facts`` (or a facts dict)."""
    ruleset = rules if isinstance(rules, CompiledRuleSet) else compile_rules(rules)
    if not isinstance(facts, VisitorFacts):
        facts = VisitorFacts.from_dict(facts)
    return ruleset.evaluate(facts, settings)
