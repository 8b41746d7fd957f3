"""Feedback replies: staff's emailed answers to comments; for the admin's feedback report, each
feedback's campaign and daily roll-ups of the feedback and the prompts

Revision ID: 0023_feedback_replies
Revises: 0022_feedback_prompts
Create Date: 2026-12-08 12:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023_feedback_replies"
down_revision = "0022_feedback_prompts"
branch_labels = None
depends_on = None

FEEDBACK_COUNTS = ("feedback", "rating_sum", "comments", "positive", "negative")
PROMPT_COUNTS = ("shown", "interacted", "submitted", "dismissed", "abandoned")


def upgrade():
    op.create_table(
        "feedback_replies",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("feedback_id", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mail_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_feedback_replies_author_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_feedback_replies_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mail_id"],
            ["outgoing_mail.id"],
            name=op.f("fk_feedback_replies_mail_id_outgoing_mail"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_replies")),
    )
    with op.batch_alter_table("feedback_replies", schema=None) as batch_op:
        batch_op.create_index(
            "ix_feedback_replies_feedback_created", ["feedback_id", "created_at"], unique=False
        )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("campaign", sa.String(length=255), nullable=True))
        batch_op.create_index("ix_feedback_campaign_created", ["campaign", "created_at"], unique=False)
        batch_op.create_index(
            "ix_feedback_comments_created",
            ["created_at", "id"],
            unique=False,
            postgresql_include=["sentiment_label", "rating", "tool", "campaign", "organisation_key"],
            postgresql_where=sa.text("comment IS NOT NULL"),
            sqlite_where=sa.text("comment IS NOT NULL"),
        )
    op.create_table(
        "feedback_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=False),
        sa.Column("campaign", sa.String(length=255), nullable=False),
        sa.Column("engagement_level", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in FEEDBACK_COUNTS),
        sa.PrimaryKeyConstraint("day", "tool", "campaign", "engagement_level", name=op.f("pk_feedback_days")),
    )
    op.create_table(
        "prompt_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prompt_type", sa.String(length=16), nullable=False),
        sa.Column("engagement_level", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in PROMPT_COUNTS),
        sa.PrimaryKeyConstraint("day", "prompt_type", "engagement_level", name=op.f("pk_prompt_days")),
    )
    op.execute(
        "UPDATE feedback SET campaign = (SELECT utm_campaign FROM visit_sessions "
        "WHERE visit_sessions.id = feedback.session_id) WHERE session_id IS NOT NULL"
    )


def downgrade():
    op.drop_table("prompt_days")
    op.drop_table("feedback_days")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_comments_created")
        batch_op.drop_index("ix_feedback_campaign_created")
        batch_op.drop_column("campaign")
    op.drop_table("feedback_replies")
