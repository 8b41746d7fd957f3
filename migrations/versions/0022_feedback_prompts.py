"""Feedback prompts: the prompt log of ratings, exit intent, after-booking, banner and follow-up email;
their settings; abandoned and closed times on contact-form prompts

Revision ID: 0022_feedback_prompts
Revises: 0021_session_engagement
Create Date: 2026-12-08 10:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0022_feedback_prompts"
down_revision = "0021_session_engagement"
branch_labels = None
depends_on = None

CONTACT_PROMPT_COLUMNS = ("abandoned_at", "closed_at")


def upgrade():
    op.create_table(
        "feedback_prompts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("prompt_type", sa.String(length=16), nullable=False),
        sa.Column("visitor_id", sa.String(length=64), nullable=True),
        sa.Column("session_id", sa.String(length=32), nullable=True),
        sa.Column("interaction_id", sa.String(length=32), nullable=True),
        sa.Column("booking_id", sa.String(length=32), nullable=True),
        sa.Column("engagement_level", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("shown_at", sa.DateTime(), nullable=False),
        sa.Column("interacted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(), nullable=True),
        sa.Column("abandoned_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["bookings.id"],
            name=op.f("fk_feedback_prompts_booking_id_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interactions.id"],
            name=op.f("fk_feedback_prompts_interaction_id_interactions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["visit_sessions.id"],
            name=op.f("fk_feedback_prompts_session_id_visit_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_feedback_prompts_visitor_id_visitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_prompts")),
    )
    with op.batch_alter_table("feedback_prompts", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_prompts_session", ["session_id"], unique=False)
        batch_op.create_index("ix_feedback_prompts_shown", ["shown_at"], unique=False)
        batch_op.create_index("ix_feedback_prompts_visitor_shown", ["visitor_id", "shown_at"], unique=False)
        batch_op.create_index("uq_feedback_prompts_booking_type", ["booking_id", "prompt_type"], unique=True)

    op.create_table(
        "feedback_prompt_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_prompt_settings")),
    )
    # Plain ADD COLUMN, not a batch: a batch copies the table on SQLite and would drop the roll-up
    # trigger on contact_prompts (0007).
    for column in CONTACT_PROMPT_COLUMNS:
        op.add_column("contact_prompts", sa.Column(column, sa.DateTime(), nullable=True))


def downgrade():
    for column in CONTACT_PROMPT_COLUMNS:
        # Both databases drop a column in place (SQLite since 3.35), keeping the trigger.
        op.execute(f"ALTER TABLE contact_prompts DROP COLUMN {column}")
    op.drop_table("feedback_prompt_settings")
    op.drop_table("feedback_prompts")
