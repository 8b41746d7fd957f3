"""Consent records: answers to the tracking consent banner, withdrawals of marketing consent

Revision ID: 0014_tracking_consent
Revises: 0013_submitted_details
Create Date: 2026-12-06 15:22:35

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_tracking_consent"
down_revision = "0013_submitted_details"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tracking_consents",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("visitor_id", sa.String(length=64), nullable=True),
        sa.Column("analytics", sa.Boolean(), nullable=False),
        sa.Column("withdrawal", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_tracking_consents_visitor_id_visitors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_consents")),
    )
    with op.batch_alter_table("tracking_consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tracking_consents_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tracking_consents_visitor_id"), ["visitor_id"], unique=False)

    op.create_table(
        "marketing_consent_withdrawals",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_marketing_consent_withdrawals_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"],
            ["leads.id"],
            name=op.f("fk_marketing_consent_withdrawals_lead_id_leads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marketing_consent_withdrawals")),
    )
    with op.batch_alter_table("marketing_consent_withdrawals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_marketing_consent_withdrawals_lead_created", ["lead_id", "created_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("marketing_consent_withdrawals", schema=None) as batch_op:
        batch_op.drop_index("ix_marketing_consent_withdrawals_lead_created")

    op.drop_table("marketing_consent_withdrawals")
    with op.batch_alter_table("tracking_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tracking_consents_visitor_id"))
        batch_op.drop_index(batch_op.f("ix_tracking_consents_created_at"))

    op.drop_table("tracking_consents")
