"""Submitted details: what each visitor gave for a lead, differing values waiting for staff

Revision ID: 0013_submitted_details
Revises: 0012_privacy_requests
Create Date: 2026-12-06 16:30:00

A visitor linked to a lead before this revision is taken to have given every contact field its lead
holds ("same"): that is what the progressive form skipped for them until now, so nobody is asked
again for what they already gave.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_submitted_details"
down_revision = "0012_privacy_requests"
branch_labels = None
depends_on = None

FIELDS = ("name", "phone", "company", "preferred_contact_time")


def upgrade():
    op.create_table(
        "submitted_details",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("visitor_id", sa.String(length=64), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"],
            ["users.id"],
            name=op.f("fk_submitted_details_accepted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_submitted_details_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_submitted_details_visitor_id_visitors"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submitted_details")),
    )
    with op.batch_alter_table("submitted_details", schema=None) as batch_op:
        batch_op.create_index(
            "ix_submitted_details_lead_submitted", ["lead_id", "submitted_at"], unique=False
        )
        batch_op.create_index("ix_submitted_details_visitor_lead", ["visitor_id", "lead_id"], unique=False)
    for field in FIELDS:
        op.execute(
            "INSERT INTO submitted_details (lead_id, visitor_id, field, value, state, submitted_at)"
            f" SELECT links.lead_id, links.visitor_id, '{field}', leads.{field}, 'same', links.linked_at"
            " FROM lead_visitors AS links JOIN leads ON leads.id = links.lead_id"
            f" WHERE leads.{field} IS NOT NULL AND leads.{field} <> ''"
        )


def downgrade():
    op.drop_table("submitted_details")
