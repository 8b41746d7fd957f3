"""Operations: samples of the operational gauges for the admin's System page

Revision ID: 0028_ops
Revises: 0026_webhooks
Create Date: 2026-12-15 12:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0028_ops"
down_revision = "0026_webhooks"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "system_samples",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("outbox_pending", sa.Integer(), nullable=False),
        sa.Column("outbox_dead", sa.Integer(), nullable=False),
        sa.Column("oldest_pending_seconds", sa.Float(), nullable=True),
        sa.Column(
            "queue_depths",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_system_samples")),
    )
    with op.batch_alter_table("system_samples", schema=None) as batch_op:
        batch_op.create_index("ix_system_samples_taken_at", ["taken_at"], unique=False)


def downgrade():
    op.drop_table("system_samples")
