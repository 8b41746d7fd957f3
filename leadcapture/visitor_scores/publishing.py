"""Publishing or restoring a rule-set version with the rescore that makes stored scores follow it."""

from dataclasses import dataclass

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.jobs.dispatch import enqueue
from leadcapture.models import Lead, RuleSetVersion, Visitor, VisitorScore
from leadcapture.scoring_rules.versions import publish, restore
from leadcapture.visitor_scores.batches import count


@dataclass(frozen=True)
class Published:
    version: RuleSetVersion
    rescore_queued: bool  # False: Redis was unreachable; `flask scoring rescore` catches up


def publish_and_rescore(actor: str, note: str = "", actor_id: int | None = None) -> Published:
    """Publish the working set (``RuleValidationError`` if the engine refuses it); queue a rescore."""
    version = publish(actor, note, actor_id=actor_id)
    return Published(version, queue_rescore())


def restore_and_rescore(version: int, actor: str, actor_id: int | None = None) -> Published:
    """Publish an earlier version again (``LookupError`` if unknown); queue a rescore."""
    restored = restore(version, actor, actor_id)
    return Published(restored, queue_rescore())


def queue_rescore() -> bool:
    """Queue the rescore of every visitor and lead. It scores with the rules live when it starts,
    so one still waiting covers a version published meanwhile: it is not queued twice."""
    return enqueue("rescore", job_id="rescore")


@dataclass(frozen=True)
class ScoreCoverage:
    version: int
    visitors: int
    visitors_scored: int
    leads: int
    leads_scored: int

    @property
    def complete(self) -> bool:
        return self.visitors_scored == self.visitors and self.leads_scored == self.leads


def score_coverage(version: int) -> ScoreCoverage:
    """How many visitors and leads have a stored score from ``version`` (a rescore's progress)."""

    def scored(column, version_column) -> int:
        return db.session.scalar(select(func.count(column)).where(version_column == version)) or 0

    return ScoreCoverage(
        version,
        count(Visitor.id),
        scored(VisitorScore.visitor_id, VisitorScore.rule_set_version),
        count(Lead.id),
        scored(Lead.id, Lead.rule_set_version),
    )
