"""Shorthands for building facts and rules in scoring tests."""

from leadcapture.scoring import DEFAULT_RULES, InteractionFacts, VisitorFacts, compile_rules

DEFAULT_RULESET = compile_rules(DEFAULT_RULES)


def visitor(*interactions, **aggregates) -> VisitorFacts:
    """``visitor(("cost_calculator", {...}), "ai_recommendation", active_seconds=300)``."""
    items = []
    for item in interactions:
        if isinstance(item, str):
            item = (item, {})
        items.append(InteractionFacts(*item))
    return VisitorFacts(tuple(items), **aggregates)


def cost_calc(procedures=1, budget=None, urgency=None, age_days=None):
    data = {"procedures": [f"p{n}" for n in range(procedures)]}
    if budget:
        data["budget_range"] = budget
    if urgency:
        data["urgency"] = urgency
    return ("cost_calculator", data, age_days)


def rule(name="R", kind="bonus", points=10, conditions=None, match="all", **extra) -> dict:
    conditions = conditions or [{"field": "tool", "op": "eq", "value": "cost_calculator"}]
    return {
        "name": name,
        "kind": kind,
        "points": points,
        "condition": {"match": match, "conditions": conditions},
        **extra,
    }


def cond(field, op, value=True) -> dict:
    return {"field": field, "op": op, "value": value}


def breakdown(result) -> dict:
    return {item.rule: item.points for item in result.breakdown}
