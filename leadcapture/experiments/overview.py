"""What the experiments' admin pages read: every experiment with its exposed visitors, and one
experiment's audit trail."""

from sqlalchemy import func, select

from leadcapture.admin_audit import target_trail
from leadcapture.experiments.manage import AUDIT_KIND
from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, Experiment, ExperimentExposure


def all_experiments() -> list[tuple[Experiment, int]]:
    """Every experiment, newest first, with how many visitors were exposed to it."""
    exposures = (
        select(ExperimentExposure.experiment_id, func.count().label("exposed"))
        .group_by(ExperimentExposure.experiment_id)
        .subquery()
    )
    query = (
        select(Experiment, func.coalesce(exposures.c.exposed, 0))
        .outerjoin(exposures, exposures.c.experiment_id == Experiment.id)
        .order_by(Experiment.created_at.desc(), Experiment.id.desc())
    )
    return [(experiment, exposed) for experiment, exposed in db.session.execute(query)]


def exposed_visitors(experiment_id: int) -> dict[str, int]:
    """Variant key → visitors exposed to it."""
    query = (
        select(ExperimentExposure.variant, func.count())
        .where(ExperimentExposure.experiment_id == experiment_id)
        .group_by(ExperimentExposure.variant)
    )
    return dict(db.session.execute(query).all())


def experiment_trail(experiment_id: int) -> list[tuple[AdminAuditEntry, str | None]]:
    """The experiment's audit entries, oldest first, with each actor's email."""
    return target_trail(AUDIT_KIND, experiment_id)
