"""The running and shipped experiments by target, kept in the process as plain frozen data.

Every request that shows a target asks ``experiment_for(target)``; reading the database each time
would cost a query per request, so the snapshot is kept in the app and loaded again:

- at once in this process after a commit that wrote an experiment or a variant (a SQLAlchemy
  ``after_commit`` listener bumps a generation number);
- after EXPERIMENTS_REFRESH_SECONDS, for changes committed by other processes.

The clock is ``app.extensions["leadcapture.experiments_clock"]`` when a test sets one
(``time.monotonic`` otherwise).
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from leadcapture.extensions import db
from leadcapture.listeners import listen_once
from leadcapture.models.experiments import Experiment, ExperimentVariant

CACHE_KEY = "leadcapture.experiments"
CLOCK_KEY = "leadcapture.experiments_clock"
_TOUCHED = "experiments_touched"
# Bumped after each commit that wrote an experiment or a variant, in any app of the process.
_generation = 0


@dataclass(frozen=True)
class Variant:
    key: str
    weight: float
    is_control: bool
    changes: Mapping[str, object]


@dataclass(frozen=True)
class LiveExperiment:
    """An experiment as requests read it: running (enrols visitors) or shipped (its
    ``shipped_variant``'s changes for everyone)."""

    id: int
    key: str
    target: str
    status: str
    traffic_percent: int
    audience_campaigns: tuple[str, ...]
    audience_devices: tuple[str, ...]
    audience_visitors: str
    variants: tuple[Variant, ...]
    shipped_variant: str | None = None

    def variant(self, key: str | None) -> Variant | None:
        return next((variant for variant in self.variants if variant.key == key), None)

    @property
    def weights(self) -> tuple[tuple[str, float], ...]:
        return tuple((variant.key, variant.weight) for variant in self.variants)


@dataclass(frozen=True)
class Snapshot:
    by_target: Mapping[str, LiveExperiment]
    loaded_at: float
    generation: int


def experiment_for(target: str) -> LiveExperiment | None:
    """The one experiment that applies to ``target`` now, if any."""
    return snapshot().by_target.get(target)


def snapshot() -> Snapshot:
    """The cached experiments, loaded again when stale (see the module's docstring)."""
    app = current_app
    now = app.extensions.get(CLOCK_KEY, time.monotonic)()
    cached: Snapshot | None = app.extensions.get(CACHE_KEY)
    if (
        cached is None
        or cached.generation != _generation
        or now - cached.loaded_at >= app.config["EXPERIMENTS_REFRESH_SECONDS"]
    ):
        cached = Snapshot(_load(), now, _generation)
        app.extensions[CACHE_KEY] = cached
    return cached


def _load() -> Mapping[str, LiveExperiment]:
    """Running experiments win over shipped ones on a target (a new test of a shipped change);
    of several, the one started (or shipped) first, so that a visitor stays in one experiment."""
    rows = db.session.scalars(
        select(Experiment)
        .where(Experiment.status.in_(("running", "shipped")))
        .options(selectinload(Experiment.variants))
        .order_by(Experiment.id)
    ).all()
    order = sorted(
        rows, key=lambda e: (e.status != "running", e.started_at or e.shipped_at or e.created_at, e.id)
    )
    by_target: dict[str, LiveExperiment] = {}
    for row in order:
        by_target.setdefault(row.target, _live(row))
    return MappingProxyType(by_target)


def _live(row: Experiment) -> LiveExperiment:
    return LiveExperiment(
        id=row.id,
        key=row.key,
        target=row.target,
        status=row.status,
        traffic_percent=row.traffic_percent,
        audience_campaigns=tuple(row.audience_campaigns or ()),
        audience_devices=tuple(row.audience_devices or ()),
        audience_visitors=row.audience_visitors or "all",
        variants=tuple(
            Variant(v.key, v.weight, v.is_control, MappingProxyType(dict(v.changes or {})))
            for v in row.variants
        ),
        shipped_variant=row.shipped_variant,
    )


def _note_experiment_writes(session: Session, _flush_context, _instances) -> None:
    if any(
        isinstance(obj, Experiment | ExperimentVariant)
        for obj in (*session.new, *session.dirty, *session.deleted)
    ):
        session.info[_TOUCHED] = True


def _refresh_after_commit(session: Session) -> None:
    global _generation
    if session.info.pop(_TOUCHED, False):
        _generation += 1


def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def init_app(app: Flask) -> None:
    """Listen for commits that change experiments (once per process)."""
    listen_once(Session, "before_flush", _note_experiment_writes)
    listen_once(Session, "after_commit", _refresh_after_commit)
    listen_once(Session, "after_rollback", _forget_after_rollback)
