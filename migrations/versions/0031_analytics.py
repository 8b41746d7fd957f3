"""Daily roll-ups of the product analytics pages: retention cohorts, the event explorer and
abandonment points (counts only)

Revision ID: 0031_analytics
Revises: 0030_insights
Create Date: 2026-12-14 10:00:00

The pages fill them as they need days (``leadcapture.reports.day_rollups``); nothing to backfill.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031_analytics"
down_revision = "0030_insights"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retention_days",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("cohort_week", sa.Date(), primary_key=True),
        sa.Column("first_campaign", sa.String(255), primary_key=True),
        sa.Column("week", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
    )
    op.create_table(
        "event_days",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("event_type", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("impact", sa.String(8), primary_key=True),
        sa.Column("tool", sa.String(32), primary_key=True),
        sa.Column("page", sa.String(255), primary_key=True),
        sa.Column("campaign", sa.String(255), primary_key=True),
        sa.Column("device", sa.String(16), primary_key=True),
        sa.Column("events", sa.Integer(), nullable=False),
    )
    op.create_table(
        "tool_step_days",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("tool", sa.String(32), primary_key=True),
        sa.Column("step", sa.String(64), primary_key=True),
        sa.Column("last_event", sa.String(255), primary_key=True),
        sa.Column("sessions", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for table in ("tool_step_days", "event_days", "retention_days"):
        op.drop_table(table)
