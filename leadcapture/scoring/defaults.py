"""The seed rule table (SPEC "Default scoring rules") and default settings.

``DEFAULT_RULES`` are plain dicts, exactly as they would be stored in the rule table.
"""

from leadcapture.scoring.settings import DEFAULT_SETTINGS


def _rule(
    position: int, name: str, description: str, kind: str, conditions: list, points: int, **extra
) -> dict:
    return {
        "name": name,
        "description": description,
        "kind": kind,
        "condition": {"match": extra.pop("match", "all"), "conditions": conditions},
        "points": points,
        "per_match": extra.pop("per_match", False),
        "maximum": extra.pop("maximum", None),
        "skip_matches": extra.pop("skip_matches", 0),
        "active": True,
        "position": position,
    }


def _tool(tool: str) -> dict:
    return {"field": "tool", "op": "eq", "value": tool}


DEFAULT_RULES: list[dict] = [
    _rule(
        10,
        "AI recommendation used",
        "Used the AI treatment recommendation.",
        "base",
        [_tool("ai_recommendation")],
        60,
    ),
    _rule(20, "Face analysis used", "Used the face-photo analysis.", "base", [_tool("face_analysis")], 80),
    _rule(30, "Cost calculator used", "Used the cost calculator.", "base", [_tool("cost_calculator")], 70),
    _rule(40, "Appointment booked", "Booked an appointment.", "base", [_tool("appointment_booking")], 90),
    _rule(
        50,
        "Multiple procedures",
        "A cost-calculator interaction with 2 or more procedures.",
        "bonus",
        [_tool("cost_calculator"), {"field": "data.procedures", "op": "count_gte", "value": 2}],
        15,
    ),
    _rule(
        60,
        "High budget",
        "An interaction with budget range 5k_10k or over_10k.",
        "bonus",
        [{"field": "data.budget_range", "op": "in", "value": ["5k_10k", "over_10k"]}],
        20,
    ),
    _rule(
        70,
        "Immediate urgency",
        "An interaction with urgency immediate (a tool's urgency input or the urgency the AI read).",
        "bonus",
        [
            {"field": "data.urgency", "op": "eq", "value": "immediate"},
            {"field": "data.intent.urgency", "op": "eq", "value": "immediate"},
        ],
        25,
        match="any",
    ),
    _rule(
        80,
        "High engagement time",
        "The visitor's total active time is 5 minutes or more.",
        "bonus",
        [{"field": "visitor.active_seconds", "op": "gte", "value": 300}],
        15,
    ),
    _rule(
        90,
        "Multiple interactions",
        "5 points for each interaction after the first.",
        "bonus",
        [{"field": "tool", "op": "exists", "value": True}],
        5,
        per_match=True,
        skip_matches=1,
    ),
]

__all__ = ["DEFAULT_RULES", "DEFAULT_SETTINGS"]
