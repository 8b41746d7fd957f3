"""Demo A/B experiments: visitors exposed to the demo's experiments, as the live app logs them.

Two experiments (``DEMO_EXPERIMENTS``; their rows are written by ``experiment_rows``): one running
on the contact form since 40 % of the window ago, whose variant carries a planted +20 % uplift of
leads, and an A/A test of the cost calculator's page (a variant that changes nothing) that ran from
90 % to 50 % of the window ago and was stopped. A visitor is exposed once per experiment, at the
first time the target showed while it ran: the contact form when it was offered, the tool page at
the visitor's first use of the tool; with the segment and tool uses before it, as ``expose`` writes.

The variants come from this module's own random stream, not from the live hash (demo visitor ids
are random, so a hash would make the same seed give other splits): the demo's traffic, leads and
feedback stay exactly as they are. So the uplift is planted by picking exposures, not by making
leads: a visitor who became a lead after exposure lands in the variant with odds 1 + uplift, the
others in it just often enough to keep the split 50/50 (the share of converters is learnt as the
visitors come). An exposure keeps its variant for good, so a demo visitor coming back live sees the
variant logged for them.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadcapture.demo.tools import COST

# The converters' share assumed before any is seen (it is then learnt): about the demo's.
PRIOR_CONVERTERS, PRIOR_EXPOSED = 1, 10


@dataclass(frozen=True)
class DemoPlan:
    """One demo experiment: its definition and when it ran, as shares of the window before now."""

    key: str
    name: str
    hypothesis: str
    target: str
    changes: dict  # of the variant (the control changes nothing)
    variant: str
    started: float
    stopped: float | None = None  # None: still running
    uplift: float = 0.0  # planted: the variant's rate is the control's times 1 + uplift
    primary_metric: str = "lead_created"
    guardrail_metrics: tuple[str, ...] = ("booking_made",)


DEMO_EXPERIMENTS = (
    DemoPlan(
        key="demo-contact-headline",
        name="Contact form: a personal plan headline",
        hypothesis="Promising a personal treatment plan makes more visitors leave their details.",
        target="contact_form",
        changes={"headline": "Get your personal treatment plan", "button": "Send me my plan"},
        variant="personal-plan",
        started=0.4,
        uplift=0.2,
    ),
    DemoPlan(
        key="demo-calculator-aa",
        name="Cost calculator: A/A check",
        hypothesis="Two identical variants: the split and the analysis show no difference.",
        target=f"tool_page:{COST}",
        changes={},
        variant="same-page",
        started=0.9,
        stopped=0.5,
    ),
)


@dataclass(frozen=True)
class DemoExperiment:
    """A demo experiment as stored: its id, variants (control first) and the time it ran."""

    id: int
    plan: DemoPlan
    started_at: datetime
    stopped_at: datetime | None

    @property
    def variants(self) -> tuple[str, str]:
        return ("control", self.plan.variant)


def run_times(plan: DemoPlan, now: datetime, days: int) -> tuple[datetime, datetime | None]:
    """When ``plan`` started and stopped (None: running) in a window of ``days`` up to ``now``."""
    window = timedelta(days=days)
    return now - window * plan.started, None if plan.stopped is None else now - window * plan.stopped


class ExposureMaker:
    """Adds ``experiment_exposures`` rows to visitor bundles (after leads are made)."""

    def __init__(self, rng: random.Random, experiments: tuple[DemoExperiment, ...], limit: datetime):
        self.rng = rng
        self.experiments = experiments
        self.limit = limit
        # Per experiment: converters and exposed visitors so far (with the prior).
        self.seen = {experiment.id: [PRIOR_CONVERTERS, PRIOR_EXPOSED] for experiment in experiments}

    def add(self, bundle: dict[str, list[dict]]) -> None:
        """The visitor's exposures to the experiments whose target showed to them while they ran."""
        for experiment in self.experiments:
            shown = first_shown(bundle, experiment, self.limit)
            if shown is not None:
                bundle.setdefault("experiment_exposures", []).append(
                    self.exposure(bundle, experiment, *shown)
                )

    def exposure(self, bundle, experiment: DemoExperiment, at: datetime, session_id: str) -> dict:
        sessions = bundle["visit_sessions"]
        session = next(row for row in sessions if row["id"] == session_id)
        return {
            "experiment_id": experiment.id,
            "visitor_id": bundle["visitors"][0]["id"],
            "variant": experiment.variants[self.pick(experiment, converted(bundle, experiment, at))],
            "session_id": session_id,
            "exposed_at": at,
            "device": session["device_type"],
            "campaign": session["utm_campaign"],
            "returning_visitor": session is not sessions[0],
            "pre_activity": sum(use["created_at"] < at for use in bundle["interactions"]),
        }

    def pick(self, experiment: DemoExperiment, converter: bool) -> int:
        """1 for the variant, 0 for control: 50/50, but for the planted uplift."""
        odds = 1 + experiment.plan.uplift
        seen = self.seen[experiment.id]
        seen[0] += converter
        seen[1] += 1
        rate = seen[0] / seen[1]
        to_variant = odds / (1 + odds)  # of converters
        if not converter:  # the others make up the split: rate·a + (1 - rate)·b = 1/2
            to_variant = min(1.0, max(0.0, (0.5 - rate * to_variant) / (1 - rate)))
        return int(self.rng.random() < to_variant)


def first_shown(bundle: dict[str, list[dict]], experiment: DemoExperiment, limit: datetime):
    """(time, session id) the experiment's target first showed to the visitor while it ran, or None."""
    end = experiment.stopped_at or limit
    if experiment.plan.target == "contact_form":
        times = ((row["offered_at"], row["session_id"]) for row in bundle["contact_prompts"])
    else:
        tool = experiment.plan.target.partition(":")[2]
        times = (
            (row["created_at"], row["session_id"]) for row in bundle["interactions"] if row["tool"] == tool
        )
    return min((shown for shown in times if experiment.started_at <= shown[0] < end), default=None)


def converted(bundle: dict[str, list[dict]], experiment: DemoExperiment, at: datetime) -> bool:
    """Whether the visitor became a lead after ``at`` while the experiment ran."""
    end = experiment.stopped_at
    return any(
        at <= lead["created_at"] and (end is None or lead["created_at"] < end) for lead in bundle["leads"]
    )
