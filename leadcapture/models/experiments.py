"""A/B experiments (``leadcapture.experiments``): what is tested, its variants, and who saw which.

An experiment changes one target for the visitors it enrols: the variant a visitor gets comes
from a hash of the experiment's key and the visitor id (nothing stored), and is written down as
an ``ExperimentExposure`` the first time the variant is actually shown. An exposure keeps the
variant for good (weights changed later apply to visitors not exposed yet) and the segment the
visitor was in when exposed, for the results' breakdown.
"""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, utcnow

# draft → running → stopped → shipped (a stopped experiment may also be started again).
EXPERIMENT_STATUSES = ("draft", "running", "stopped", "shipped")
# What an experiment changes: "<kind>" or "<kind>:<name>" (a tool, or a feedback prompt type).
# Two running experiments never share a target, so a visitor is never in both.
TARGET_KINDS = ("tool_page", "result_page", "contact_form", "feedback_prompt")
# Rates (a share of exposed visitors who did it after exposure) but for feedback_rating (a mean).
EXPERIMENT_METRICS = ("form_submitted", "lead_created", "booking_made", "feedback_rating", "score_reached")
AUDIENCE_VISITORS = ("all", "new", "returning")


class Experiment(db.Model):
    __tablename__ = "experiments"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # in the hash: never changes
    name: Mapped[str] = mapped_column(String(200))
    hypothesis: Mapped[str] = mapped_column(Text, default="")
    target: Mapped[str] = mapped_column(String(64), index=True)
    primary_metric: Mapped[str] = mapped_column(String(32))
    guardrail_metrics: Mapped[list] = mapped_column(JSONType, default=list)
    # The score a visitor must reach for ``score_reached`` (when that metric is used).
    score_goal: Mapped[int | None] = mapped_column(Integer)
    # The false-positive rate the analysis is run at.
    alpha: Mapped[float] = mapped_column(Float, default=0.05)
    # Audience: empty lists mean everyone; traffic_percent of those eligible are enrolled.
    audience_campaigns: Mapped[list] = mapped_column(JSONType, default=list)
    audience_devices: Mapped[list] = mapped_column(JSONType, default=list)
    audience_visitors: Mapped[str] = mapped_column(String(16), default="all")
    traffic_percent: Mapped[int] = mapped_column(Integer, default=100)
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    shipped_variant: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)  # the latest start
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime)
    shipped_at: Mapped[datetime | None] = mapped_column(DateTime)

    variants: Mapped[list["ExperimentVariant"]] = relationship(
        back_populates="experiment",
        order_by="ExperimentVariant.position",
        cascade="all, delete-orphan",
    )


class ExperimentVariant(db.Model):
    """One arm: its share of the enrolled traffic (weights of an experiment sum to 100) and what
    it changes on the target (``changes``: setting name to value; the control's is usually empty)."""

    __tablename__ = "experiment_variants"
    __table_args__ = (UniqueConstraint("experiment_id", "key", name="uq_experiment_variants_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[float] = mapped_column(Float)
    is_control: Mapped[bool] = mapped_column(Boolean, default=False)
    changes: Mapped[dict] = mapped_column(JSONType, default=dict)

    experiment: Mapped[Experiment] = relationship(back_populates="variants")


class ExperimentExposure(db.Model):
    """A visitor shown a variant: once per visitor and experiment, written in the request that
    showed it. ``pre_activity``: the visitor's tool uses before exposure (CUPED's covariate)."""

    __tablename__ = "experiment_exposures"
    __table_args__ = (
        UniqueConstraint("experiment_id", "visitor_id", name="uq_experiment_exposures_visitor"),
        Index("ix_experiment_exposures_experiment_exposed", "experiment_id", "exposed_at"),
        Index("ix_experiment_exposures_visitor", "visitor_id"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    experiment_id: Mapped[int] = mapped_column(ForeignKey("experiments.id", ondelete="CASCADE"))
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    variant: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[str | None] = mapped_column(String(32))
    exposed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The segment at exposure, for the per-segment breakdown.
    device: Mapped[str | None] = mapped_column(String(16))
    campaign: Mapped[str | None] = mapped_column(String(255))
    returning_visitor: Mapped[bool] = mapped_column(Boolean, default=False)
    pre_activity: Mapped[int] = mapped_column(Integer, default=0)
