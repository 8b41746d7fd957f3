"""Loading SPEC's default rules into an empty rule table."""

from sqlalchemy import func, select, text

from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion, ScoringRule
from leadcapture.scoring import DEFAULT_RULES, DEFAULT_SETTINGS
from leadcapture.scoring_rules.draft import replace_draft
from leadcapture.scoring_rules.versions import publish

SEED_ACTOR = "seed"
# PostgreSQL advisory lock key: one process at a time loads the defaults (any fixed number).
SEED_LOCK = 7_301_004


def seed_default_rules() -> bool:
    """Load and publish the default rules when there are no rules and no versions yet.

    Returns whether it did; an existing rule table (edited or not) is left alone. On PostgreSQL
    concurrent callers (the first requests on a fresh database) wait for each other, so only the
    first loads them.
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEED_LOCK})
    has_rules = db.session.scalar(select(func.count()).select_from(ScoringRule))
    has_versions = db.session.scalar(select(func.count()).select_from(RuleSetVersion))
    if has_rules or has_versions:
        return False
    replace_draft(DEFAULT_RULES, DEFAULT_SETTINGS.to_dict())
    publish(SEED_ACTOR, note="Default rules")
    return True
