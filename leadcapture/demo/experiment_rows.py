"""The demo experiments' own rows (``experiments``, ``experiment_variants``), before the visitors.

Each is checked as the admin's form is (``experiments.definition``) and stored with the times it
ran. A demo experiment already there (an earlier load) is used again while it runs or is stopped:
the new visitors' exposures in its time are added to it. One is left out when another experiment
already runs on its target (a visitor is never in two at once).
"""

from collections import Counter
from datetime import datetime

from sqlalchemy import select

from leadcapture.demo.experiments import DEMO_EXPERIMENTS, DemoExperiment, DemoPlan, run_times
from leadcapture.experiments.definition import ExperimentInput, VariantInput, checked
from leadcapture.extensions import db
from leadcapture.models import Experiment, ExperimentVariant


def demo_experiments(now: datetime, days: int) -> tuple[tuple[DemoExperiment, ...], Counter[str]]:
    """The demo experiments to expose visitors to, and the rows written for them (committed)."""
    found, counts = [], Counter()
    for plan in DEMO_EXPERIMENTS:
        stored = db.session.scalar(select(Experiment).where(Experiment.key == plan.key))
        if stored is None and not (plan.stopped is None and _running_on(plan.target)):
            stored = _stored(plan, now, days)
            counts["experiments"] += 1
            counts["experiment_variants"] += len(stored.variants)
        if stored is not None and stored.status in ("running", "stopped"):
            found.append(DemoExperiment(stored.id, plan, stored.started_at, stored.stopped_at))
    db.session.commit()
    return tuple(found), counts


def _stored(plan: DemoPlan, now: datetime, days: int) -> Experiment:
    started_at, stopped_at = run_times(plan, now, days)
    definition, errors = checked(
        ExperimentInput(
            key=plan.key,
            name=plan.name,
            hypothesis=plan.hypothesis,
            target=plan.target,
            primary_metric=plan.primary_metric,
            guardrail_metrics=list(plan.guardrail_metrics),
            variants=[
                VariantInput("control", "As it is", 50, True),
                VariantInput(plan.variant, plan.name, 50, False, plan.changes),
            ],
        )
    )
    if errors:
        raise ValueError(f"The demo experiment {plan.key} is wrong: {errors}")
    columns = {name: getattr(definition, name) for name in definition.__dataclass_fields__}
    variants = [ExperimentVariant(**row) for row in columns.pop("variants")]
    experiment = Experiment(
        **columns,
        variants=variants,
        status="running" if stopped_at is None else "stopped",
        created_at=started_at,
        updated_at=stopped_at or started_at,
        started_at=started_at,
        stopped_at=stopped_at,
    )
    db.session.add(experiment)
    db.session.flush()
    return experiment


def _running_on(target: str) -> bool:
    running = select(Experiment.id).where(Experiment.target == target, Experiment.status == "running")
    return db.session.scalar(running.limit(1)) is not None
