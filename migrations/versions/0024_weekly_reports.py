"""Weekly report: its settings (recipients, sections, on or off) and the archive of sent reports,
one per week

Revision ID: 0024_weekly_reports
Revises: 0023_feedback_replies
Create Date: 2026-12-09 12:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0024_weekly_reports"
down_revision = "0023_feedback_replies"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade():
    op.create_table(
        "weekly_report_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("values", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_report_settings")),
    )
    op.create_table(
        "weekly_reports",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("week_end", sa.Date(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("recipients", JSON, nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("text_body", sa.Text(), nullable=False),
        sa.Column("html_body", sa.Text(), nullable=False),
        sa.Column("report", JSON, nullable=False),
        sa.Column("quoted_comments", sa.Integer(), nullable=False),
        sa.Column("mail_ids", JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weekly_reports")),
        sa.UniqueConstraint("week_start", name=op.f("uq_weekly_reports_week_start")),
    )
    with op.batch_alter_table("weekly_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weekly_reports_sent_at"), ["sent_at"], unique=False)


def downgrade():
    op.drop_table("weekly_reports")
    op.drop_table("weekly_report_settings")
