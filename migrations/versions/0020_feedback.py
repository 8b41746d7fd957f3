"""Feedback: ratings, answers and comments tied to session, visitor, lead and organisation; each
lead's feedback count, average and latest rating (synced to HubSpot)

Revision ID: 0020_feedback
Revises: 0019_admin_audit
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020_feedback"
down_revision = "0019_admin_audit"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("visitor_id", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=32), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("interaction_id", sa.String(length=32), nullable=True),
        sa.Column("prompt_id", sa.String(length=32), nullable=True),
        sa.Column("context", sa.String(length=16), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("rating_experience", sa.SmallInteger(), nullable=True),
        sa.Column("rating_tool", sa.SmallInteger(), nullable=True),
        sa.Column("rating_ease_of_use", sa.SmallInteger(), nullable=True),
        sa.Column("ease_of_use", sa.String(length=16), nullable=True),
        sa.Column("helpfulness", sa.String(length=16), nullable=True),
        sa.Column("would_book", sa.String(length=8), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("organisation_key", sa.String(length=255), nullable=True),
        sa.Column("follow_up_consent", sa.Boolean(), nullable=False),
        sa.Column("sentiment_label", sa.String(length=8), nullable=True),
        sa.Column("sentiment_score", sa.Float(), nullable=True),
        sa.Column("engagement_level", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_feedback_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_feedback_lead_id_leads"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["visit_sessions.id"],
            name=op.f("fk_feedback_session_id_visit_sessions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"], ["visitors.id"], name=op.f("fk_feedback_visitor_id_visitors"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_created", ["created_at"], unique=False)
        batch_op.create_index("ix_feedback_tool_created", ["tool", "created_at"], unique=False)
        batch_op.create_index("ix_feedback_lead_created", ["lead_id", "created_at"], unique=False)
        batch_op.create_index(
            "ix_feedback_organisation_created", ["organisation_key", "created_at"], unique=False
        )
        batch_op.create_index("ix_feedback_visitor_created", ["visitor_id", "created_at"], unique=False)
        batch_op.create_index("ix_feedback_session", ["session_id"], unique=False)
        batch_op.create_index("ix_feedback_interaction", ["interaction_id"], unique=False)
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("feedback_count", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("feedback_average", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("feedback_latest_rating", sa.SmallInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("feedback_latest_rating")
        batch_op.drop_column("feedback_average")
        batch_op.drop_column("feedback_count")
    op.drop_table("feedback")
