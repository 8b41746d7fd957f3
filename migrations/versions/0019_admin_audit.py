"""Admin audit log: staff actions (role changes, exports, publishes, retries, erasures) by whom, on what

Revision ID: 0019_admin_audit
Revises: 0018_visitor_media
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0019_admin_audit"
down_revision = "0018_visitor_media"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "admin_audit",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_kind", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column(
            "detail",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_admin_audit_actor_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit")),
    )
    with op.batch_alter_table("admin_audit", schema=None) as batch_op:
        batch_op.create_index("ix_admin_audit_created_at", ["created_at"], unique=False)
        batch_op.create_index("ix_admin_audit_action_created", ["action", "created_at"], unique=False)
        batch_op.create_index("ix_admin_audit_actor_created", ["actor_id", "created_at"], unique=False)


def downgrade():
    op.drop_table("admin_audit")
