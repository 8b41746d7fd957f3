"""Which CTA tools a demo session uses, and with what input (SPEC's ids and values)."""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from leadcapture.catalog.defaults import DEFAULT_PROCEDURES

AI, FACE, COST, BOOKING = "ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking"

# Per-session chance of using a tool, before the channel's intent multiplier.
DISCOVERY_RATES = {AI: 0.10, FACE: 0.06, COST: 0.08}
COST_AFTER_DISCOVERY_RATE = 0.30
# About 1.3 % of visitors book along the funnel (and some more after an immediate urgency, below):
# every booking is a lead, and only some leads book.
BOOKING_AFTER_COST_RATE = 0.04
BOOKING_AFTER_DISCOVERY_RATE = 0.015
BOOKING_COLD_RATE = 0.001
# Planted for the rule lift report: a session that gave an "immediate" urgency and did not book
# books at its end with this chance, so the "Immediate urgency" rule predicts bookings.
URGENT_BOOKING_RATE = 0.12
IMMEDIATE = "immediate"
# Share of sessions that end in a tool started and left, by how far down the funnel they got.
ABANDON_RATES = {"no_tool": 0.04, "discovered": 0.12, "costed": 0.3}
# Median seconds spent on each tool (log-normal around it).
MEDIAN_TOOL_SECONDS = {AI: 75, FACE: 110, COST: 140, BOOKING: 95}

PROCEDURE_WEIGHTS = {
    "botox": 20,
    "dermal_fillers": 15,
    "hydrafacial": 12,
    "laser_hair_removal": 12,
    "skin_consultation": 10,
    "chemical_peel": 8,
    "microneedling": 8,
    "laser_resurfacing": 6,
    "prp_facial": 5,
    "thread_lift": 4,
}
CONCERN_WEIGHTS = {
    "wrinkles": 18,
    "fine_lines": 15,
    "volume_loss": 9,
    "sagging": 6,
    "acne": 8,
    "acne_scars": 9,
    "pigmentation": 10,
    "redness": 5,
    "dull_skin": 8,
    "large_pores": 6,
    "dark_circles": 7,
    "unwanted_hair": 6,
}
BUDGET_WEIGHTS = {"under_1k": 35, "1k_5k": 40, "5k_10k": 17, "over_10k": 8}
URGENCY_WEIGHTS = {IMMEDIATE: 12, "within_month": 30, "within_quarter": 28, "flexible": 30}
PROCEDURE_COUNT_WEIGHTS = {1: 65, 2: 27, 3: 8}
# (query, concerns it names, urgency it states)
AI_QUERIES = (
    ("How can I get rid of forehead wrinkles?", ("wrinkles",), None),
    ("Best treatment for acne scars", ("acne_scars",), None),
    ("I want fuller lips before my wedding next month", ("volume_loss",), "within_month"),
    ("What helps with dark circles under my eyes?", ("dark_circles",), None),
    ("My skin looks dull and tired", ("dull_skin",), None),
    ("Permanent hair removal for my legs", ("unwanted_hair",), None),
    ("Sun spots and uneven skin tone on my cheeks", ("pigmentation",), None),
    ("Something for redness and rosacea, as soon as possible", ("redness",), "immediate"),
    ("Large pores on my nose", ("large_pores",), None),
    ("Sagging jawline, non-surgical options before the summer", ("sagging",), "within_quarter"),
    ("Fine lines around my eyes", ("fine_lines",), None),
    ("Acne breakouts that won't go away, I need help now", ("acne",), "immediate"),
    ("Anti-aging treatment for wrinkles and lost volume", ("wrinkles", "volume_loss"), None),
    ("Just exploring options for a fresher look, no rush", ("dull_skin", "fine_lines"), "flexible"),
)
CLINIC_HOURS = range(9, 18)


@dataclass
class ToolHistory:
    """What a visitor has done with the tools so far, across sessions."""

    used: set[str] = field(default_factory=set)
    interests: list[str] = field(default_factory=list)  # procedure ids the tools brought up


def plan_tools(rng: random.Random, intent: float, history: ToolHistory) -> list[str]:
    """The tools one session uses, in funnel order: discovery, then cost, then booking."""
    tools = [tool for tool in (AI, FACE) if rng.random() < DISCOVERY_RATES[tool] * intent]
    cost_rate = COST_AFTER_DISCOVERY_RATE if tools else DISCOVERY_RATES[COST]
    if rng.random() < cost_rate * intent:
        tools.append(COST)
    seen = history.used | set(tools)
    if COST in seen:
        booking_rate = BOOKING_AFTER_COST_RATE
    else:
        booking_rate = BOOKING_AFTER_DISCOVERY_RATE if seen else BOOKING_COLD_RATE
    if rng.random() < booking_rate * intent:
        tools.append(BOOKING)
    return tools


def urgent_booking(rng: random.Random, used: list[str], interactions: list[dict]) -> bool:
    """Whether a session that ``used`` no booking but gave an immediate urgency books at its end."""
    if BOOKING in used or not any(gave_immediate_urgency(row["data"]) for row in interactions):
        return False
    return rng.random() < URGENT_BOOKING_RATE


def gave_immediate_urgency(data: dict) -> bool:
    """An interaction's urgency input, or the urgency the AI read, is immediate."""
    return IMMEDIATE in (data.get("urgency"), data.get("intent", {}).get("urgency"))


def abandoned_tool(rng: random.Random, used: list[str], history: ToolHistory) -> str | None:
    """The tool a session starts and leaves after the ones it ``used``, if any: the next step of
    the funnel the visitor reached (``history``: a discovery tool, the cost calculator, a booking)."""
    if BOOKING in used:
        return None
    seen = history.used
    if COST in seen:
        stage, tool = "costed", BOOKING
    elif seen:
        stage, tool = "discovered", COST
    else:
        stage, tool = "no_tool", rng.choice((AI, FACE, COST))
    return tool if rng.random() < ABANDON_RATES[stage] else None


def tool_seconds(rng: random.Random, tool: str) -> int:
    """Time on ``tool``: log-normal around its median, 5 seconds to 30 minutes."""
    return int(min(max(MEDIAN_TOOL_SECONDS[tool] * rng.lognormvariate(0, 0.6), 5), 1800))


def tool_input(rng: random.Random, tool: str, history: ToolHistory, at: datetime) -> dict:
    """The interaction data of one use of ``tool`` at ``at``; remembers the procedures it names."""
    if tool == AI:
        data = _ai_recommendation(rng)
        history.interests.extend(data["intent"]["procedures"])
    elif tool == FACE:
        data = {"concerns": _weighted_sample(rng, CONCERN_WEIGHTS, rng.choice((1, 1, 2, 3)))}
        history.interests.extend(procedures_for(data["concerns"]))
    elif tool == COST:
        data = _cost_calculator(rng, history)
        history.interests.extend(data["procedures"])
    else:
        data = {"procedure": _favourite_procedure(rng, history), "slot": _slot(rng, at)}
    history.used.add(tool)
    return data


def procedures_for(concerns: list[str], limit: int = 3) -> list[str]:
    """Catalog procedures treating ``concerns``, the best matches first."""
    matches = [(len(set(p["concerns"]) & set(concerns)), p["id"]) for p in DEFAULT_PROCEDURES]
    ranked = sorted((m for m in matches if m[0]), key=lambda m: -m[0])
    return [procedure for _count, procedure in ranked[:limit]]


def _ai_recommendation(rng: random.Random) -> dict:
    query, concerns, urgency = rng.choice(AI_QUERIES)
    intent = {"concerns": list(concerns), "procedures": procedures_for(list(concerns))}
    if urgency:
        intent["urgency"] = urgency
    return {"query": query, "intent": intent}


def _cost_calculator(rng: random.Random, history: ToolHistory) -> dict:
    count = _weighted_choice(rng, PROCEDURE_COUNT_WEIGHTS)
    first = _favourite_procedure(rng, history)
    others = [p for p in _weighted_sample(rng, PROCEDURE_WEIGHTS, count) if p != first]
    return {
        "procedures": [first, *others][:count],
        "budget_range": _weighted_choice(rng, BUDGET_WEIGHTS),
        "urgency": _weighted_choice(rng, URGENCY_WEIGHTS),
    }


def _favourite_procedure(rng: random.Random, history: ToolHistory) -> str:
    """Mostly one the visitor's earlier tool uses named, else a popular one."""
    if history.interests and rng.random() < 0.7:
        return rng.choice(history.interests)
    return _weighted_choice(rng, PROCEDURE_WEIGHTS)


def _slot(rng: random.Random, at: datetime) -> str:
    """An appointment 1-21 days after ``at``, Monday to Saturday, on the half hour."""
    day = at.date() + timedelta(days=rng.randint(1, 21))
    if day.weekday() == 6:
        day += timedelta(days=1)
    return datetime.combine(day, time(rng.choice(CLINIC_HOURS), rng.choice((0, 30)))).isoformat()


def _weighted_choice(rng: random.Random, weights: dict):
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _weighted_sample(rng: random.Random, weights: dict, count: int) -> list:
    """``count`` distinct keys of ``weights``, drawn by weight."""
    chosen: list = []
    while len(chosen) < count:
        key = _weighted_choice(rng, weights)
        if key not in chosen:
            chosen.append(key)
    return chosen
