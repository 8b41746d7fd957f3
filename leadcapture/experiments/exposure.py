"""What a request shows on a target, and the exposure it writes when it shows an experiment's variant.

``assign`` decides (nothing written): the experiment on the target (at most one, ``running``),
whether the visitor is enrolled (a tracked person — never a bot, staff, or a visitor without
analytics consent —, in the audience and in the traffic share) and which variant (an exposure
already written wins, so a visitor keeps their variant when weights change; else the hash of
``assignment``). ``expose`` writes the exposure once the variant is shown, in the request's own
transaction (no commit): once per visitor and experiment, whatever requests run at the same time.
A shipped experiment's variant shows to everyone and enrols nobody.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from leadcapture.experiments.assignment import in_traffic, pick_variant
from leadcapture.experiments.running import LiveExperiment, experiment_for
from leadcapture.extensions import db
from leadcapture.models import Interaction
from leadcapture.models.experiments import ExperimentExposure
from leadcapture.models.visit import Visit
from leadcapture.tracking import VisitContext, identify, is_trackable

NOTHING: Mapping[str, object] = MappingProxyType({})
_EXPOSURES = ExperimentExposure.__table__
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class Assignment:
    """What to show on ``target``: ``changes`` (setting → value; empty: the site's own). With
    ``experiment`` the visitor is enrolled in it with ``variant``; ``exposed``: already written."""

    target: str
    changes: Mapping[str, object] = field(default_factory=lambda: NOTHING)
    experiment: LiveExperiment | None = None
    variant: str | None = None
    exposed: bool = False


def assign(ctx: VisitContext, visit: Visit | None, target: str) -> Assignment:
    """The variant ``target`` shows in this request (see the module's docstring); writes nothing."""
    experiment = experiment_for(target)
    if experiment is None:
        return Assignment(target)
    if experiment.status == "shipped":
        return Assignment(target, _changes(experiment, experiment.shipped_variant))
    if visit is None or not is_trackable(ctx):
        return Assignment(target)
    visitor_id = visit.visitor.id
    known = None if visit.new_visitor else exposed_variant(experiment.id, visitor_id)
    if known is not None:
        return Assignment(target, _changes(experiment, known), experiment, known, exposed=True)
    if not in_audience(experiment, visit) or not in_traffic(
        experiment.key, visitor_id, experiment.traffic_percent
    ):
        return Assignment(target)
    variant = pick_variant(experiment.key, visitor_id, experiment.weights)
    return Assignment(target, _changes(experiment, variant), experiment, variant)


def expose(assignment: Assignment, ctx: VisitContext, visit: Visit | None) -> Assignment:
    """Write the exposure of a variant now shown (no commit); nothing for a visitor not enrolled or
    already exposed. A request of the same visitor that wrote it meanwhile wins: its variant is
    returned."""
    experiment = assignment.experiment
    if experiment is None or assignment.exposed or visit is None:
        return assignment
    session = visit.session
    insert = _INSERTS[db.session.get_bind().dialect.name](_EXPOSURES).values(
        experiment_id=experiment.id,
        visitor_id=visit.visitor.id,
        variant=assignment.variant,
        session_id=session.id,
        exposed_at=ctx.now,
        device=session.device_type,
        campaign=session.utm_campaign,
        returning_visitor=returning(visit),
        pre_activity=0 if visit.new_visitor else _tool_uses_before(visit.visitor.id, ctx),
    )
    written = db.session.execute(
        insert.on_conflict_do_nothing(index_elements=["experiment_id", "visitor_id"])
    )
    if written.rowcount == 1:
        return replace(assignment, exposed=True)
    variant = exposed_variant(experiment.id, visit.visitor.id)
    return replace(assignment, changes=_changes(experiment, variant), variant=variant, exposed=True)


def show(ctx: VisitContext, visit: Visit | None, target: str) -> Assignment:
    """``assign`` and ``expose``: for a target the request is sure to show."""
    return expose(assign(ctx, visit, target), ctx, visit)


def track_and_show(ctx: VisitContext, target: str) -> tuple[Visit | None, Assignment]:
    """A page showing ``target``: identify the visit, apply and expose the target's experiment,
    commit both together."""
    visit = identify(ctx)
    shown = show(ctx, visit, target)
    if visit is not None:
        db.session.commit()
    return visit, shown


def shown_before(ctx: VisitContext, target: str) -> Assignment:
    """What ``target`` shows when drawn again for the same visitor without a new exposure (a form
    shown anew with its errors): a shipped variant, or the variant the visitor was exposed to;
    the site's own otherwise (nothing unlogged is shown)."""
    experiment = experiment_for(target)
    if experiment is None:
        return Assignment(target)
    if experiment.status == "shipped":
        return Assignment(target, _changes(experiment, experiment.shipped_variant))
    known = exposed_variant(experiment.id, ctx.visitor_id) if ctx.visitor_id and is_trackable(ctx) else None
    if known is None:
        return Assignment(target)
    return Assignment(target, _changes(experiment, known), experiment, known, exposed=True)


def named(*assignments: Assignment) -> dict[str, str]:
    """``{experiment key: variant}`` of the experiments the answer showed (an API's ``experiments``)."""
    return {a.experiment.key: a.variant for a in assignments if a.experiment is not None and a.exposed}


def exposed_variant(experiment_id: int, visitor_id: str) -> str | None:
    """The variant the visitor was exposed to in the experiment, if any."""
    return db.session.scalar(
        select(ExperimentExposure.variant).where(
            ExperimentExposure.experiment_id == experiment_id, ExperimentExposure.visitor_id == visitor_id
        )
    )


def in_audience(experiment: LiveExperiment, visit: Visit) -> bool:
    """Whether the visit's campaign, device and new/returning visitor fit the audience (an empty
    list: any)."""
    session = visit.session
    if experiment.audience_campaigns and session.utm_campaign not in experiment.audience_campaigns:
        return False
    if experiment.audience_devices and session.device_type not in experiment.audience_devices:
        return False
    if experiment.audience_visitors == "all":
        return True
    return returning(visit) == (experiment.audience_visitors == "returning")


def returning(visit: Visit) -> bool:
    """A visitor first seen before this session (the tracker creates both at the first hit)."""
    return not visit.new_visitor and visit.visitor.created_at < visit.session.started_at


def _changes(experiment: LiveExperiment, variant_key: str | None) -> Mapping[str, object]:
    variant = experiment.variant(variant_key)
    return variant.changes if variant is not None else NOTHING


def _tool_uses_before(visitor_id: str, ctx: VisitContext) -> int:
    """The visitor's tool uses before this request (CUPED's pre-exposure covariate)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Interaction)
        .where(Interaction.visitor_id == visitor_id, Interaction.created_at < ctx.now)
    )
