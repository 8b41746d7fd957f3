"""Experiments written straight to the database, as the admin's service would leave them."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models.experiments import Experiment, ExperimentExposure, ExperimentVariant

BOLD = {"cta_copy": "Get my personal price"}


def add_experiment(
    key: str = "cta-copy",
    target: str = "tool_page:cost_calculator",
    variants: tuple = (("control", 50, {}), ("bold", 50, BOLD)),
    status: str = "running",
    **fields,
) -> int:
    """A committed experiment with ``variants`` ((key, weight, changes), the first the control)."""
    experiment = Experiment(
        key=key, name=key, target=target, primary_metric="lead_created", status=status, **fields
    )
    experiment.variants = [
        ExperimentVariant(key=name, position=n, weight=weight, is_control=n == 0, changes=changes)
        for n, (name, weight, changes) in enumerate(variants)
    ]
    db.session.add(experiment)
    db.session.commit()
    return experiment.id


def set_weights(experiment_id: int, weights: dict[str, float]) -> None:
    for variant in db.session.get(Experiment, experiment_id).variants:
        variant.weight = weights[variant.key]
    db.session.commit()


def exposures(experiment_id: int | None = None) -> list[ExperimentExposure]:
    query = select(ExperimentExposure).order_by(ExperimentExposure.id)
    if experiment_id is not None:
        query = query.where(ExperimentExposure.experiment_id == experiment_id)
    return db.session.scalars(query).all()


def exposure_count() -> int:
    return db.session.scalar(select(func.count()).select_from(ExperimentExposure))
