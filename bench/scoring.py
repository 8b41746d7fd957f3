"""Scoring engine throughput: in-process evaluations per second on one core.

``python -m bench.scoring`` (also run by ``python -m bench``): compiles 10 rules (SPEC's nine
defaults plus a two-condition face-analysis rule) once, builds 200 distinct visitors with 20
interactions each (all four tools, realistic data), then times ``CompiledRuleSet.evaluate`` over
them in many short rounds. The best round is the machine's capacity, the median what a busy
machine gives; the goal is judged on the median. Writes the ``## Scoring engine`` section of
``bench/RESULTS.md``.
"""

import os
import platform
import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime

from bench.results import cpu_model, publish
from leadcapture.scoring import (
    BUDGET_RANGES,
    DEFAULT_RULES,
    DEFAULT_SETTINGS,
    URGENCIES,
    CompiledRuleSet,
    ScoringSettings,
    VisitorFacts,
    compile_rules,
)

TITLE = "Scoring engine"
GOAL = 50_000
VISITORS = 200
INTERACTIONS = 20
ROUNDS = 300
PROCEDURES = ("botox", "dermal_fillers", "chemical_peel", "microneedling", "hydrafacial", "prp_facial")
CONCERNS = ("wrinkles", "acne", "pigmentation", "redness", "dull_skin", "large_pores")
EXTRA_RULE = {
    "name": "Acne concern",
    "description": "A face analysis that found acne.",
    "kind": "bonus",
    "condition": {
        "match": "all",
        "conditions": [
            {"field": "tool", "op": "eq", "value": "face_analysis"},
            {"field": "data.concerns", "op": "contains", "value": "acne"},
        ],
    },
    "points": 5,
}
RULES = [*DEFAULT_RULES, EXTRA_RULE]


def interaction(rnd: random.Random, index: int) -> dict:
    """One interaction dict as the database layer would hand it over."""
    tool = rnd.choice(("ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking"))
    if tool == "cost_calculator":
        data = {
            "procedures": rnd.sample(PROCEDURES, rnd.randint(1, 3)),
            "budget_range": rnd.choice(BUDGET_RANGES),
            "urgency": rnd.choice(URGENCIES),
        }
    elif tool == "face_analysis":
        data = {"concerns": rnd.sample(CONCERNS, rnd.randint(0, 3))}
    elif tool == "ai_recommendation":
        data = {"query": "something for fine lines", "intent": {"urgency": rnd.choice(URGENCIES)}}
    else:
        data = {"procedure": rnd.choice(PROCEDURES), "slot": "2025-01-10T10:00:00"}
    return {"tool": tool, "data": data, "age_days": float(index * 3)}


def visitor_dicts(seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    return [
        {
            "interactions": [interaction(rnd, k) for k in range(INTERACTIONS)],
            "active_seconds": rnd.randint(0, 900),
            "session_count": rnd.randint(1, 6),
            "days_since_last_visit": rnd.randint(0, 40),
        }
        for _ in range(VISITORS)
    ]


def round_rates(run, items: list, rounds: int = ROUNDS) -> list[float]:
    """Items per second of ``run(item)`` over ``items``, once per round."""
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            run(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return rates


def measure(ruleset: CompiledRuleSet, facts: list[VisitorFacts], settings: ScoringSettings) -> dict:
    round_rates(lambda f: ruleset.evaluate(f, settings), facts, rounds=20)  # warm-up
    rates = round_rates(lambda f: ruleset.evaluate(f, settings), facts)
    return {"best": max(rates), "median": statistics.median(rates)}


def run() -> dict:
    raw = visitor_dicts()
    start = time.perf_counter()
    ruleset = compile_rules(RULES)
    compile_ms = (time.perf_counter() - start) * 1000
    facts = [VisitorFacts.from_dict(v) for v in raw]
    assert all(len(f.interactions) == INTERACTIONS for f in facts) and len(ruleset.active_rules) == 10
    decayed = replace(DEFAULT_SETTINGS, decay_enabled=True, decay_half_life_days=30)
    build = round_rates(VisitorFacts.from_dict, raw, rounds=30)
    both = round_rates(lambda v: ruleset.evaluate(VisitorFacts.from_dict(v)), raw, rounds=30)
    return {
        "compile_ms": compile_ms,
        "plain": measure(ruleset, facts, DEFAULT_SETTINGS),
        "decay": measure(ruleset, facts, decayed),
        "build": statistics.median(build),
        "both": statistics.median(both),
        "mean_score": statistics.mean(ruleset.evaluate(f).score for f in facts),
    }


def report(numbers: dict) -> str:
    plain, decay = numbers["plain"], numbers["decay"]
    met = "met" if plain["median"] >= GOAL else "not met"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}"
    return f"""
Run {when} on {machine}; one process, one core.

Method: `compile_rules` once on 10 rules (SPEC's nine defaults + "Acne concern": face analysis whose
`data.concerns` contains `acne`), then `CompiledRuleSet.evaluate` over {VISITORS} distinct visitors of
{INTERACTIONS} interactions each (all four tools, realistic data; mean score {numbers["mean_score"]:.0f}),
{ROUNDS} rounds after a warm-up. `python -m bench.scoring`.

| measure | median round | best round |
| --- | ---: | ---: |
| evaluate, decay off (default) | {plain["median"]:,.0f} /s | {plain["best"]:,.0f} /s |
| evaluate, decay on | {decay["median"]:,.0f} /s | {decay["best"]:,.0f} /s |
| `VisitorFacts.from_dict` only | {numbers["build"]:,.0f} /s | |
| `from_dict` + evaluate | {numbers["both"]:,.0f} /s | |

Compiling the 10 rules takes {numbers["compile_ms"]:.2f} ms.
Goal at least {GOAL:,} evaluations/s (10 rules, 20 interactions, decay off, median round): **{met}**.
"""


def main() -> None:
    publish(TITLE, report(run()).strip())


if __name__ == "__main__":
    main()
