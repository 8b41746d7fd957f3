"""The funnel: visitors → used a tool → offered the form → became a lead → booked.

Every step counts distinct visitors, whole UTC days of the period, and needs the activity of
every step before it (so each step is a subset of the one before):

1. Visitors: a session started in the period, from the chosen campaign (utm_campaign), source
   (utm_source) and device type, if any is chosen.
2. Used a tool: also an interaction (a tool use) in the period, with the chosen tool if any.
3. Offered the form: also a contact-form prompt offered in the period.
4. Became a lead: also linked to a lead created in the period.
5. Booked: also a booking created in the period, made by the visitor or by one of their leads.

The activities may happen in any order and in different sessions of the period; only the step
1 session must match the campaign, source and device. Counts come from the roll-ups (see
``leadcapture.rollups.funnel_rows``).
"""

from collections.abc import Mapping
from dataclasses import dataclass

from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.reports.period import Period
from leadcapture.rollups.funnel_rows import ANY
from leadcapture.rollups.query import FunnelFilters, filter_values, step_counts
from leadcapture.rollups.refresh import refresh_for_view

STEPS = (
    (
        "Visitors",
        "distinct visitors with a session started in the period, from the chosen campaign, source and device",
    ),
    ("Used a tool", "of those, visitors who used a tool (the chosen one) in the period"),
    ("Offered the form", "of those, visitors who were offered the contact form in the period"),
    ("Became a lead", "of those, visitors linked to a lead created in the period"),
    ("Booked", "of those, visitors with a booking created in the period, made by them or by their lead"),
)


@dataclass(frozen=True)
class Step:
    label: str
    visitors: int
    of_previous: float | None  # percent of the step before (None for the first step or from 0)
    of_top: float | None  # percent of the first step
    dropped: int  # visitors of the step before who did not reach this one


@dataclass(frozen=True)
class Funnel:
    period: Period
    filters: FunnelFilters
    steps: list[Step]
    choices: dict[str, list[tuple[str, str]]]  # each filter's (value, label) choices


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """(value, label) of each filter's choices: tools from the registry, the rest from sessions."""
    choices = {"tool": [(name, info.title) for name, info in TOOLS.items()]}
    for dimension, values in filter_values().items():
        choices[dimension] = [(value, value) for value in values]
    return choices


def funnel_filters(args: Mapping[str, str], choices: dict[str, list[tuple[str, str]]]) -> FunnelFilters:
    """The filters in ``args``; InputError names each one that is not among ``choices``."""
    chosen = {name: args.get(name, ANY) for name in ("tool", "campaign", "source", "device")}
    errors = {
        name: f"no {name} is called {value[:80]!r}"
        for name, value in chosen.items()
        if value != ANY and value not in {choice for choice, _ in choices[name]}
    }
    if errors:
        raise InputError(errors)
    return FunnelFilters(**chosen)


def funnel(period: Period, args: Mapping[str, str]) -> Funnel:
    """The funnel's steps for ``period`` and the filters in ``args`` (new activity is folded into
    the roll-ups first, within a view's budget; commits). Raises InputError for a filter value
    that is not a choice."""
    refresh_for_view()
    choices = filter_choices()
    filters = funnel_filters(args, choices)
    counts = step_counts(period.first, period.last, filters)
    steps = []
    for number, ((label, _), visitors) in enumerate(zip(STEPS, counts, strict=True)):
        before = counts[number - 1] if number else None
        steps.append(
            Step(
                label,
                visitors,
                of_previous=_percent(visitors, before),
                of_top=_percent(visitors, counts[0]),
                dropped=before - visitors if before is not None else 0,
            )
        )
    return Funnel(period, filters, steps, choices)


def _percent(part: int, whole: int | None) -> float | None:
    return 100 * part / whole if whole else None


def funnel_chart(result: Funnel) -> dict:
    """A Chart.js horizontal bar chart of the visitors at each step."""
    return {
        "type": "bar",
        "data": {
            "labels": [step.label for step in result.steps],
            "datasets": [
                {
                    "label": "Visitors",
                    "data": [step.visitors for step in result.steps],
                    "backgroundColor": "#0b7285",
                }
            ],
        },
        "options": {
            "indexAxis": "y",
            "plugins": {"legend": {"display": False}},
            "scales": {"x": {"beginAtZero": True, "ticks": {"precision": 0}}},
        },
    }
