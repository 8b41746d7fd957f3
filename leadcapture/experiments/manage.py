"""Saving experiments and moving them draft → running → stopped → shipped (a stopped one may run
again), each change in the audit log. Everything is editable in draft; once started only the
weights (visitors already exposed keep their variant, new ones follow the new weights), and the key
never, as it seeds the assignment's hash. Shipping makes one variant everyone's from then on.

Each function commits, or raises ``InputError`` by field (``definition``'s names; ``status`` for
a move the experiment's status does not allow) and changes nothing.
"""

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import func, select

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.experiments.definition import (
    Definition,
    ExperimentInput,
    VariantInput,
    checked,
    variants_checked,
)
from leadcapture.extensions import db
from leadcapture.models import Experiment, ExperimentVariant
from leadcapture.models.types import utcnow

AUDIT_KIND = "experiment"


def experiment_for_update(experiment_id: int) -> Experiment | None:
    """The experiment, locked until the commit on PostgreSQL, so two staff never move it at once."""
    return db.session.get(Experiment, experiment_id, with_for_update=True, populate_existing=True)


def create_experiment(values: ExperimentInput, actor_id: int | None) -> Experiment:
    """A new draft experiment."""
    definition = _definition(values, None)
    now = utcnow()
    experiment = Experiment(status="draft", created_by_id=actor_id, created_at=now)
    _apply(experiment, definition, now)
    db.session.add(experiment)
    db.session.flush()
    record_admin_action(actor_id, "experiment.create", AUDIT_KIND, experiment.id, _detail(experiment))
    db.session.commit()
    return experiment


def update_experiment(experiment: Experiment, values: ExperimentInput, actor_id: int | None) -> None:
    """Save a draft's whole definition (a started experiment: ``update_weights``)."""
    _require(
        experiment, ("draft",), "Only a draft can be edited; a started experiment changes its weights only."
    )
    definition = _definition(values, experiment.id)
    before = _detail(experiment)
    _apply(experiment, definition, utcnow())
    after = _detail(experiment)
    changed = sorted(name for name in after if after[name] != before[name])
    record_admin_action(
        actor_id, "experiment.update", AUDIT_KIND, experiment.id, {**after, "changed": changed}
    )
    db.session.commit()


def update_weights(experiment: Experiment, weights: Mapping[str, object], actor_id: int | None) -> None:
    """New weights (variant key → percentage) for a running or stopped experiment's variants."""
    _require(experiment, ("running", "stopped"), "Weights alone are changed once an experiment has started.")
    errors: dict[str, str] = {}
    variants = [
        VariantInput(variant.key, variant.name, weights.get(variant.key), variant.is_control, variant.changes)
        for variant in experiment.variants
    ]
    rows = variants_checked(experiment.target, variants, errors)
    if errors:
        raise InputError(errors)
    before = _weights(experiment)
    for variant, row in zip(experiment.variants, rows, strict=True):
        variant.weight = row["weight"]
    experiment.updated_at = utcnow()
    detail = {"before": before, "after": _weights(experiment)}
    record_admin_action(actor_id, "experiment.weights", AUDIT_KIND, experiment.id, detail)
    db.session.commit()


def start_errors(experiment: Experiment) -> dict[str, str]:
    """Why ``experiment`` cannot run now, by field (``start`` for the experiment as a whole)."""
    if experiment.status not in ("draft", "stopped"):
        return {"status": f"A {experiment.status} experiment cannot be started."}
    _, errors = checked(stored_input(experiment))
    errors.pop("key", None)  # a key already started with is kept as it is, whatever the rule
    if len(experiment.variants) < 2:
        errors["start"] = "An experiment needs at least two variants (a control and another) to start."
    elif errors:
        errors["start"] = "Correct the experiment's definition before starting it."
    elif running := _running_on(experiment.target, experiment.id):
        errors["start"] = (
            f"The experiment {running.key} is running on {experiment.target}: stop it first "
            "(a visitor is never in two experiments on the same target)."
        )
    return errors


def start_experiment(experiment: Experiment, actor_id: int | None, now: datetime | None = None) -> None:
    """Start a draft, or a stopped experiment again."""
    _lock_target(experiment.target)
    if errors := start_errors(experiment):
        raise InputError(errors, status=409 if "status" in errors else 422)
    now = now or utcnow()
    again = experiment.status == "stopped"
    experiment.status, experiment.started_at, experiment.stopped_at, experiment.updated_at = (
        "running",
        now,
        None,
        now,
    )
    detail = {"again": again, "weights": _weights(experiment)}
    record_admin_action(actor_id, "experiment.start", AUDIT_KIND, experiment.id, detail)
    db.session.commit()


def stop_experiment(experiment: Experiment, actor_id: int | None, now: datetime | None = None) -> None:
    """Stop a running experiment: no visitor is enrolled or exposed any more; everyone sees the site's own."""
    _require(experiment, ("running",), "Only a running experiment can be stopped.")
    now = now or utcnow()
    experiment.status, experiment.stopped_at, experiment.updated_at = "stopped", now, now
    record_admin_action(actor_id, "experiment.stop", AUDIT_KIND, experiment.id)
    db.session.commit()


def ship_experiment(
    experiment: Experiment, variant_key: str, actor_id: int | None, now: datetime | None = None
) -> None:
    """End a running or stopped experiment with ``variant_key`` shown to everyone from now on."""
    _require(experiment, ("running", "stopped"), "Only a started experiment can be shipped.")
    if variant_key not in {variant.key for variant in experiment.variants}:
        raise InputError({"variant": "Choose one of the experiment's variants to ship."})
    now = now or utcnow()
    experiment.status, experiment.shipped_variant = "shipped", variant_key
    experiment.stopped_at = experiment.stopped_at or now
    experiment.shipped_at = experiment.updated_at = now
    record_admin_action(actor_id, "experiment.ship", AUDIT_KIND, experiment.id, {"variant": variant_key})
    db.session.commit()


def stored_input(experiment: Experiment) -> ExperimentInput:
    """The experiment as saved, in the shape it is typed (for its form, and to check it again)."""
    return ExperimentInput(
        key=experiment.key,
        name=experiment.name,
        hypothesis=experiment.hypothesis,
        target=experiment.target,
        primary_metric=experiment.primary_metric,
        guardrail_metrics=list(experiment.guardrail_metrics),
        score_goal=experiment.score_goal,
        alpha=experiment.alpha,
        audience_campaigns=list(experiment.audience_campaigns),
        audience_devices=list(experiment.audience_devices),
        audience_visitors=experiment.audience_visitors,
        traffic_percent=experiment.traffic_percent,
        variants=[
            VariantInput(variant.key, variant.name, variant.weight, variant.is_control, dict(variant.changes))
            for variant in experiment.variants
        ],
    )


def _definition(values: ExperimentInput, experiment_id: int | None) -> Definition:
    definition, errors = checked(values)
    taken = select(func.count()).select_from(Experiment).where(Experiment.key == values.key.strip())
    if experiment_id is not None:
        taken = taken.where(Experiment.id != experiment_id)
    if "key" not in errors and db.session.scalar(taken):
        errors["key"] = "Another experiment has this key."
    if errors:
        raise InputError(errors)
    return definition


def _apply(experiment: Experiment, definition: Definition, now: datetime) -> None:
    for name in Definition.__dataclass_fields__:
        if name != "variants":
            setattr(experiment, name, getattr(definition, name))
    if experiment.variants:
        # Deleted before the new rows are inserted, which may reuse their keys (a unique pair).
        experiment.variants = []
        db.session.flush()
    experiment.variants = [ExperimentVariant(**row) for row in definition.variants]
    experiment.updated_at = now


def _require(experiment: Experiment, statuses: tuple[str, ...], message: str) -> None:
    if experiment.status not in statuses:
        raise InputError({"status": message}, status=409)


def _lock_target(target: str) -> None:
    """Lock every experiment on ``target`` (PostgreSQL), so two started at once see each other."""
    db.session.scalars(select(Experiment.id).where(Experiment.target == target).with_for_update()).all()


def _running_on(target: str, other_than: int) -> Experiment | None:
    running = select(Experiment).where(
        Experiment.target == target, Experiment.status == "running", Experiment.id != other_than
    )
    return db.session.scalars(running.limit(1)).first()


def _weights(experiment: Experiment) -> dict[str, float]:
    return {variant.key: variant.weight for variant in experiment.variants}


def _detail(experiment: Experiment) -> dict:
    """What the audit log keeps of a definition: settings only (no person's data in it)."""
    return {
        "key": experiment.key,
        "name": experiment.name,
        "target": experiment.target,
        "primary_metric": experiment.primary_metric,
        "guardrail_metrics": list(experiment.guardrail_metrics or []),
        "audience": {
            "campaigns": list(experiment.audience_campaigns or []),
            "devices": list(experiment.audience_devices or []),
            "visitors": experiment.audience_visitors,
            "traffic_percent": experiment.traffic_percent,
        },
        "variants": [
            {
                "key": variant.key,
                "weight": variant.weight,
                "control": variant.is_control,
                "changes": variant.changes,
            }
            for variant in experiment.variants
        ],
    }
