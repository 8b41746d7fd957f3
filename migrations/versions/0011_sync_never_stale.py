"""HubSpot sync never stale: synced lead fields kept on the lead, notes and failures in the outbox

- ``leads.tools_used`` and ``leads.lifecycle_stage``: the two synced values that were computed at
  sync time are now columns, so a change to them is a change of the lead like any other (and
  writes an outbox row); both are filled from the existing data.
- ``hubspot_outbox.note_id``: a row can carry a sales note to HubSpot; ``failing_since`` dates the
  current run of transient failures (dead-lettered only after hours of them, not after N tries);
  ``outcome_unknown`` marks a note create whose answer never came.
- ``lead_notes.hubspot_note_id`` and ``integration_state.properties_ready`` (the fingerprint of the
  property definitions HubSpot confirmed).

Revision ID: 0011_sync_never_stale
Revises: 0010_leads_report_indexes
Create Date: 2026-12-06 12:50:00

"""

from collections import defaultdict

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011_sync_never_stale"
down_revision = "0010_leads_report_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("hubspot_outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("note_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True)
        )
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("outcome_unknown", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_hubspot_outbox_note_id_lead_notes"),
            "lead_notes",
            ["note_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("integration_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("properties_ready", sa.String(length=64), nullable=True))
    with op.batch_alter_table("lead_notes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hubspot_note_id", sa.String(length=64), nullable=True))
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tools_used", sa.String(length=255), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("lifecycle_stage", sa.String(length=32), server_default="lead", nullable=False)
        )
    _fill_tools_used()
    _fill_lifecycle_stage()


def _fill_tools_used() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "SELECT DISTINCT lv.lead_id, i.tool FROM lead_visitors lv "
            "JOIN interactions i ON i.visitor_id = lv.visitor_id"
        )
    )
    tools = defaultdict(set)
    for lead_id, tool in rows:
        tools[lead_id].add(tool)
    if tools:
        conn.execute(
            sa.text("UPDATE leads SET tools_used = :tools WHERE id = :id"),
            [{"id": lead_id, "tools": ";".join(sorted(used))} for lead_id, used in tools.items()],
        )


def _fill_lifecycle_stage() -> None:
    """The furthest stage each lead reached: won once → customer, qualified once → SQL, high → MQL."""
    conn = op.get_bind()
    conn.execute(
        sa.text("UPDATE leads SET lifecycle_stage = 'marketingqualifiedlead' WHERE engagement_level = 'high'")
    )
    for status, stage in (("qualified", "salesqualifiedlead"), ("won", "customer")):
        conn.execute(
            sa.text(
                "UPDATE leads SET lifecycle_stage = :stage WHERE status = :status OR id IN "
                "(SELECT lead_id FROM lead_activity WHERE to_status = :status)"
            ),
            {"stage": stage, "status": status},
        )


def downgrade():
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_column("lifecycle_stage")
        batch_op.drop_column("tools_used")
    with op.batch_alter_table("lead_notes", schema=None) as batch_op:
        batch_op.drop_column("hubspot_note_id")
    with op.batch_alter_table("integration_state", schema=None) as batch_op:
        batch_op.drop_column("properties_ready")
    with op.batch_alter_table("hubspot_outbox", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_hubspot_outbox_note_id_lead_notes"), type_="foreignkey")
        batch_op.drop_column("outcome_unknown")
        batch_op.drop_column("failing_since")
        batch_op.drop_column("note_id")
