"""A deliberately naive scorer written straight from the documented semantics.

The property tests check the fast engine against it on random rules and visitors.
"""

import operator

from leadcapture.scoring import Rule, ScoringSettings, VisitorFacts, engagement_level

_COMPARE = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}


def holds(op, expected, value) -> bool:
    if op == "exists":
        return (value is not None) is expected
    if value is None:
        return False
    if op in _COMPARE:
        return isinstance(value, int | float) and _COMPARE[op](value, expected)
    if op == "contains":
        if isinstance(value, list | tuple):
            return expected in value
        return isinstance(value, str) and isinstance(expected, str) and expected in value
    if op == "count_gte":
        return isinstance(value, list | tuple) and len(value) >= expected
    is_in = any(value == item for item in expected) if op in ("in", "not_in") else value == expected
    return is_in if op in ("eq", "in") else not is_in


def read(field, interaction, facts):
    if field.startswith("visitor."):
        return getattr(facts, field.split(".", 1)[1])
    if field == "tool":
        return interaction.tool
    value = interaction.data
    for key in field.split(".")[1:]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def matched_weights(rule: Rule, facts: VisitorFacts, settings: ScoringSettings) -> list[float]:
    conditions = rule.condition["conditions"]
    decide = all if rule.condition["match"] == "all" else any
    if all(c["field"].startswith("visitor.") for c in conditions):
        return (
            [1.0]
            if decide(holds(c["op"], c["value"], read(c["field"], None, facts)) for c in conditions)
            else []
        )
    weights = []
    for interaction in facts.interactions:
        if decide(holds(c["op"], c["value"], read(c["field"], interaction, facts)) for c in conditions):
            age = interaction.age_days or 0
            on = settings.decay_enabled and age > 0
            weights.append(2.0 ** (-age / settings.decay_half_life_days) if on else 1.0)
    return weights


def rounded(value: float) -> int:
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def rule_points(rule: Rule, weights: list[float]) -> int | None:
    if rule.per_match:
        weights = weights[rule.skip_matches :]
    if not weights:
        return None
    if not rule.per_match:
        return rounded(rule.points * max(weights))
    total = rule.points * sum(weights)
    if rule.maximum is not None:
        total = max(-rule.maximum, min(rule.maximum, total))
    return rounded(total)


def score(rules: list[Rule], facts: VisitorFacts, settings: ScoringSettings) -> dict:
    ordered = sorted(enumerate(rules), key=lambda pair: (pair[1].position, pair[0]))
    base, bonuses = None, {}
    for _, rule in ordered:
        if not rule.active:
            continue
        weights = matched_weights(rule, facts, settings)
        points = rule_points(rule, weights)
        if points is None:
            continue
        if rule.kind == "bonus":
            bonuses[rule.name] = points
        elif base is None or points > base[1]:
            base = (rule.name, points)
    breakdown = ({base[0]: base[1]} if base else {}) | bonuses
    total = sum(breakdown.values())
    clamped = max(0, min(100, total))
    return {
        "score": clamped,
        "level": engagement_level(clamped, settings),
        "breakdown": breakdown,
        "total": total,
    }
