"""Erasure: erased leads stay anonymised, erased emails are kept as keyed hashes, outbox payloads

- ``leads.erased_at``: the person was erased; the row stays (anonymised) so reports keep counting it.
- ``erased_emails``: the keyed hash of each erased address, and when HubSpot confirmed the
  contact's deletion.
- ``hubspot_outbox.payload``: what a row needs beyond its lead (a contact delete: email and id).

Revision ID: 0015_erasure
Revises: 0012_privacy_requests
Create Date: 2026-12-07 10:00:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0015_erasure"
down_revision = "0012_privacy_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "erased_emails",
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("erased_at", sa.DateTime(), nullable=False),
        sa.Column("contact_deleted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("email_hash", name=op.f("pk_erased_emails")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("hubspot_outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "payload",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("hubspot_outbox", schema=None) as batch_op:
        batch_op.drop_column("payload")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
    op.drop_table("erased_emails")
