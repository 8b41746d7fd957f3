"""The rule table, its published versions, the audit log and stored visitor scores."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import JSONType, utcnow


class ScoringRule(db.Model):
    """A rule of the working (draft) rule set; publishing snapshots them into a version."""

    __tablename__ = "scoring_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(8))
    condition: Mapped[dict] = mapped_column(JSONType)
    points: Mapped[int] = mapped_column(Integer)
    per_match: Mapped[bool] = mapped_column(Boolean, default=False)
    maximum: Mapped[int | None] = mapped_column(Integer)
    skip_matches: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ScoringSettingsRow(db.Model):
    """The working (draft) scoring settings: one row."""

    __tablename__ = "scoring_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    values: Mapped[dict] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class RuleSetVersion(db.Model):
    """A published, immutable snapshot of the rules and settings; the newest one is live."""

    __tablename__ = "rule_set_versions"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    rules: Mapped[list] = mapped_column(JSONType)
    settings: Mapped[dict] = mapped_column(JSONType)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(255))
    note: Mapped[str] = mapped_column(Text, default="")
    restored_from: Mapped[int | None] = mapped_column(Integer)


class ScoringAudit(db.Model):
    """Who changed what in the rule table, when, from what to what."""

    __tablename__ = "scoring_audit"
    __table_args__ = (Index("ix_scoring_audit_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict | None] = mapped_column(JSONType)
    after: Mapped[dict | None] = mapped_column(JSONType)
    version: Mapped[int | None] = mapped_column(Integer)


class VisitorScore(db.Model):
    """A visitor's current score under the live rule set, with the version that scored it."""

    __tablename__ = "visitor_scores"
    __table_args__ = (Index("ix_visitor_scores_score", "score"),)

    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[int] = mapped_column(Integer)
    engagement_level: Mapped[str] = mapped_column(String(8))
    breakdown: Mapped[list] = mapped_column(JSONType, default=list)
    rule_set_version: Mapped[int] = mapped_column(Integer)
    computed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
