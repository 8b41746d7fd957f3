"""roll-ups for the dashboard and the funnel: tables, queue triggers, the existing rows queued

Revision ID: 0007_daily_rollups
Revises: 0006_lead_workflow
Create Date: 2026-11-23 14:30:00

Triggers queue every new session, tool use, prompt, lead link and booking (per visitor) in
``rollup_queue``; ``leadcapture.rollups.refresh`` folds the queue into the roll-ups. Rows that
exist already are queued here, so the first refresh (``flask rollups refresh``, or the first
dashboard view) builds the roll-ups from them.

A later migration that rebuilds one of the five tables on SQLite (batch mode copies the table)
drops its trigger: such a migration must run this one's ``create_triggers`` again.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_daily_rollups"
down_revision = "0006_lead_workflow"
branch_labels = None
depends_on = None

QUEUE = "INSERT INTO rollup_queue (visitor_id, kind, ref)"
# The bookings' visitors: its own and its lead's, as of NEW.
BOOKING_VISITORS = (
    "SELECT counted.visitor_id, 'b', NEW.id FROM (SELECT NEW.visitor_id AS visitor_id"
    " UNION SELECT visitor_id FROM lead_visitors WHERE lead_id = NEW.lead_id) AS counted"
    " WHERE counted.visitor_id IS NOT NULL"
)
# name: (table, event, statement run for each new row)
TRIGGERS = {
    "sessions": ("visit_sessions", "INSERT", f"{QUEUE} VALUES (NEW.visitor_id, 's', NEW.id)"),
    "interactions": ("interactions", "INSERT", f"{QUEUE} VALUES (NEW.visitor_id, 'i', NEW.id)"),
    "prompts": ("contact_prompts", "INSERT", f"{QUEUE} VALUES (NEW.visitor_id, 'p', NEW.id)"),
    "lead_links": (
        "lead_visitors",
        "INSERT",
        f"{QUEUE} VALUES (NEW.visitor_id, 'l', CAST(NEW.lead_id AS TEXT))",
    ),
    "bookings": ("bookings", "INSERT", f"{QUEUE} {BOOKING_VISITORS}"),
    # A booking gets its visitor and lead after the slot is reserved: queue only the visitors
    # it did not count for before (re-assigning a booking away is not undone: rebuild then).
    "booking_owners": (
        "bookings",
        "UPDATE OF visitor_id, lead_id",
        f"{QUEUE} {BOOKING_VISITORS}"
        " AND (OLD.visitor_id IS NULL OR counted.visitor_id <> OLD.visitor_id)"
        " AND counted.visitor_id NOT IN (SELECT visitor_id FROM lead_visitors WHERE lead_id = OLD.lead_id)",
    ),
}
BACKFILL = (
    "SELECT visitor_id, 's', id FROM visit_sessions",
    "SELECT visitor_id, 'i', id FROM interactions",
    "SELECT visitor_id, 'p', id FROM contact_prompts",
    "SELECT visitor_id, 'l', CAST(lead_id AS TEXT) FROM lead_visitors",
    "SELECT visitor_id, 'b', id FROM bookings WHERE visitor_id IS NOT NULL"
    " UNION SELECT lv.visitor_id, 'b', b.id FROM bookings b JOIN lead_visitors lv ON lv.lead_id = b.lead_id",
)


def create_triggers():
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, event, statement) in TRIGGERS.items():
        statement += " ON CONFLICT DO NOTHING"
        if postgres:
            op.execute(
                f"CREATE FUNCTION rollup_queue_{name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {statement}; RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER rollup_queue_{name} AFTER {event} ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION rollup_queue_{name}()"
            )
        else:
            op.execute(f"CREATE TRIGGER rollup_queue_{name} AFTER {event} ON {table} BEGIN {statement}; END")


def drop_triggers():
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, _event, _statement) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS rollup_queue_{name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS rollup_queue_{name}()")


def upgrade():
    op.create_table(
        "daily_activity",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("tool_uses", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_daily_activity")),
    )
    op.create_table(
        "funnel_rollup",
        sa.Column("campaign", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=False),
        sa.Column("hi", sa.Date(), nullable=False),
        sa.Column("lo", sa.Date(), nullable=False),
        sa.Column("r", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "campaign", "source", "device", "tool", "step", "hi", "lo", "r", name=op.f("pk_funnel_rollup")
        ),
    )
    op.create_table(
        "report_filter_values",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "value", name=op.f("pk_report_filter_values")),
    )
    op.create_table(
        "rollup_queue",
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("visitor_id", "kind", "ref", name=op.f("pk_rollup_queue")),
    )
    op.create_table(
        "rollup_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollup_state")),
    )
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.create_index("ix_leads_created_score", ["created_at", "score"], unique=False)
    for rows in BACKFILL:
        op.execute(f"{QUEUE} {rows}")
    create_triggers()


def downgrade():
    drop_triggers()
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_created_score")
    op.drop_table("rollup_state")
    op.drop_table("rollup_queue")
    op.drop_table("report_filter_values")
    op.drop_table("funnel_rollup")
    op.drop_table("daily_activity")
