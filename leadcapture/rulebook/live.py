"""The live rule set, compiled once per process and refreshed when a new version is published.

Each lookup costs one indexed single-row query (the newest version's number and publish time);
the rules are only loaded and compiled again when that changes.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion
from leadcapture.rulebook.seed import seed_default_rules
from leadcapture.scoring import CompiledRuleSet, ScoreResult, ScoringSettings, VisitorFacts, compile_rules


@dataclass(frozen=True)
class LiveRules:
    version: int
    published_at: datetime
    compiled: CompiledRuleSet
    settings: ScoringSettings

    def evaluate(self, facts: VisitorFacts) -> ScoreResult:
        """Score ``facts`` with this rule set and its settings."""
        return self.compiled.evaluate(facts, self.settings)


def live_rules() -> LiveRules:
    """The compiled live rule set; publishes the defaults first on a database that has none."""
    head = db.session.execute(
        select(RuleSetVersion.version, RuleSetVersion.published_at)
        .order_by(RuleSetVersion.version.desc())
        .limit(1)
    ).first()
    if head is None:
        _publish_defaults()
        return live_rules()
    cached: LiveRules | None = current_app.extensions.get("leadcapture.live_rules")
    if cached is not None and (cached.version, cached.published_at) == tuple(head):
        return cached
    version = db.session.get(RuleSetVersion, head.version)
    compiled, settings = compile_rules(version.rules), ScoringSettings.from_dict(version.settings)
    fresh = LiveRules(version.version, version.published_at, compiled, settings)
    current_app.extensions["leadcapture.live_rules"] = fresh
    return fresh


def _publish_defaults() -> None:
    try:
        seed_default_rules()
    except IntegrityError:  # another process published them at the same moment
        db.session.rollback()
