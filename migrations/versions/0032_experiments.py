"""A/B experiments: experiments, their variants, and the visitors exposed to them

Revision ID: 0032_experiments
Revises: 0031_analytics
Create Date: 2026-12-20 10:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0032_experiments"
down_revision = "0031_analytics"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "experiments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("hypothesis", sa.Text(), nullable=False),
        sa.Column("target", sa.String(64), nullable=False, index=True),
        sa.Column("primary_metric", sa.String(32), nullable=False),
        sa.Column("guardrail_metrics", JSON, nullable=False),
        sa.Column("score_goal", sa.Integer()),
        sa.Column("alpha", sa.Float(), nullable=False),
        sa.Column("audience_campaigns", JSON, nullable=False),
        sa.Column("audience_devices", JSON, nullable=False),
        sa.Column("audience_visitors", sa.String(16), nullable=False),
        sa.Column("traffic_percent", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("shipped_variant", sa.String(64)),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime()),
        sa.Column("stopped_at", sa.DateTime()),
        sa.Column("shipped_at", sa.DateTime()),
    )
    op.create_table(
        "experiment_variants",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "experiment_id", sa.Integer(), sa.ForeignKey("experiments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("is_control", sa.Boolean(), nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.UniqueConstraint("experiment_id", "key", name="uq_experiment_variants_key"),
    )
    op.create_table(
        "experiment_exposures",
        sa.Column("id", BIG_ID, primary_key=True, autoincrement=True),
        sa.Column(
            "experiment_id", sa.Integer(), sa.ForeignKey("experiments.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "visitor_id", sa.String(64), sa.ForeignKey("visitors.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("variant", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(32)),
        sa.Column("exposed_at", sa.DateTime(), nullable=False),
        sa.Column("device", sa.String(16)),
        sa.Column("campaign", sa.String(255)),
        sa.Column("returning_visitor", sa.Boolean(), nullable=False),
        sa.Column("pre_activity", sa.Integer(), nullable=False),
        sa.UniqueConstraint("experiment_id", "visitor_id", name="uq_experiment_exposures_visitor"),
    )
    op.create_index(
        "ix_experiment_exposures_experiment_exposed", "experiment_exposures", ["experiment_id", "exposed_at"]
    )
    op.create_index("ix_experiment_exposures_visitor", "experiment_exposures", ["visitor_id"])


def downgrade() -> None:
    for table in ("experiment_exposures", "experiment_variants", "experiments"):
        op.drop_table(table)
