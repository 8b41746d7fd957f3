"""Demo leads' statuses along the sales workflow: by age, booking and (planted) budget."""

import random

# Lead status by age in days (up to the bound) -> weights of new, contacted, qualified, won, lost.
STATUS_WEIGHTS = ((2, (75, 25, 0, 0, 0)), (14, (25, 40, 25, 0, 10)), (None, (8, 17, 20, 20, 35)))
STATUSES = ("new", "contacted", "qualified", "won", "lost")
# Leads who booked are further along and lost less often.
BOOKED_FACTORS = (1, 1, 2, 3, 0.5)
# Planted for the rule lift report: a lead who gave a high budget is won this much more often
# (weight of "won"), so the "High budget" rule predicts won leads.
HIGH_BUDGETS = ("5k_10k", "over_10k")
HIGH_BUDGET_WON_FACTOR = 6


def lead_status(rng: random.Random, age_days: float, booked: bool, interactions: list[dict]) -> str:
    """A status along new -> contacted -> qualified -> won / lost, likelier further for older leads
    (and won more often after a booking, or after a high budget in one of ``interactions``)."""
    weights = next(weights for bound, weights in STATUS_WEIGHTS if bound is None or age_days < bound)
    if booked:
        weights = tuple(weight * factor for weight, factor in zip(weights, BOOKED_FACTORS, strict=True))
    if any(row["data"].get("budget_range") in HIGH_BUDGETS for row in interactions):
        weights = (*weights[:3], weights[3] * HIGH_BUDGET_WON_FACTOR, weights[4])
    return rng.choices(STATUSES, weights=weights)[0]
