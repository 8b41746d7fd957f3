"""The live rule set, compiled once per process and refreshed when a new version is published.

Each lookup costs one indexed single-row query (``LIVE_HEAD``: the newest version's number and
publish time, which a caller may read as part of a query of its own); the rules are only loaded
and compiled again when that changes.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import Row, select
from sqlalchemy.exc import IntegrityError

from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion
from leadcapture.ops.metrics import count_cache
from leadcapture.scoring import CompiledRuleSet, ScoreResult, ScoringSettings, VisitorFacts, compile_rules
from leadcapture.scoring_rules.seed import seed_default_rules


@dataclass(frozen=True)
class LiveRules:
    version: int
    published_at: datetime
    compiled: CompiledRuleSet
    settings: ScoringSettings

    def evaluate(self, facts: VisitorFacts) -> ScoreResult:
        """Score ``facts`` with this rule set and its settings."""
        return self.compiled.evaluate(facts, self.settings)


# The live version's number and publish time (Core columns: no ORM work around a plain read).
_VERSIONS = RuleSetVersion.__table__
LIVE_HEAD = (
    select(_VERSIONS.c.version, _VERSIONS.c.published_at).order_by(_VERSIONS.c.version.desc()).limit(1)
)


def live_rules() -> LiveRules:
    """The compiled live rule set; publishes the defaults first on a database that has none."""
    return rules_of(db.session.execute(LIVE_HEAD).first())


def rules_of(head: Row | tuple | None) -> LiveRules:
    """The compiled rules of ``head`` (the version and publish time ``LIVE_HEAD`` gives, read by
    the caller in this transaction); None, no version yet: publishes the defaults first."""
    if head is None:
        _publish_defaults()
        return live_rules()
    version_number, published_at = head
    cached: LiveRules | None = current_app.extensions.get("leadcapture.live_rules")
    hit = cached is not None and (cached.version, cached.published_at) == (version_number, published_at)
    count_cache("live_rules", hit)
    if hit:
        return cached
    version = db.session.get(RuleSetVersion, version_number)
    compiled, settings = compile_rules(version.rules), ScoringSettings.from_dict(version.settings)
    fresh = LiveRules(version.version, version.published_at, compiled, settings)
    current_app.extensions["leadcapture.live_rules"] = fresh
    return fresh


def _publish_defaults() -> None:
    try:
        seed_default_rules()
    except IntegrityError:  # another process published them at the same moment
        db.session.rollback()
