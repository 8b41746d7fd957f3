"""Per-visitor and per-lead insights, their queue and its triggers, and the next-action rules

Revision ID: 0030_insights
Revises: 0029_event_impact
Create Date: 2026-12-14 10:00:00

Triggers queue the visitor in ``insight_queue`` (the lead in ``lead_insight_queue``) whenever one
of their sessions (new, or updated as hits and events land), session tools, tool uses, contact
prompts, bookings or lead links is written; ``leadcapture.insights.refresh`` recomputes them.
Every visitor and lead there is now is queued here, so the first refresh fills the tables.

A later migration that rebuilds one of these tables on SQLite (batch mode copies the table) drops
its trigger: such a migration must run this one's ``create_triggers`` again.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0030_insights"
down_revision = "0029_event_impact"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
QUEUE = "INSERT INTO insight_queue (visitor_id)"
LEAD_QUEUE = "INSERT INTO lead_insight_queue (lead_id)"
VISITOR = f"{QUEUE} VALUES (NEW.visitor_id)"
SESSION_VISITOR = f"{QUEUE} SELECT visitor_id FROM visit_sessions WHERE id = NEW.session_id"
BOOKING = (
    f"{QUEUE} SELECT NEW.visitor_id WHERE NEW.visitor_id IS NOT NULL",
    f"{LEAD_QUEUE} SELECT NEW.lead_id WHERE NEW.lead_id IS NOT NULL",
)
LINK = (VISITOR, f"{LEAD_QUEUE} VALUES (NEW.lead_id)")
# name: (table, event, statements run for each row)
TRIGGERS = {
    "sessions": ("visit_sessions", "INSERT", (VISITOR,)),
    "session_updates": ("visit_sessions", "UPDATE", (VISITOR,)),
    "session_tools": ("session_tools", "INSERT", (SESSION_VISITOR,)),
    "session_tool_updates": ("session_tools", "UPDATE", (SESSION_VISITOR,)),
    "interactions": ("interactions", "INSERT", (VISITOR,)),
    "prompts": ("contact_prompts", "INSERT", (VISITOR,)),
    "prompt_updates": ("contact_prompts", "UPDATE OF status", (VISITOR,)),
    "bookings": ("bookings", "INSERT", BOOKING),
    "booking_updates": ("bookings", "UPDATE OF visitor_id, lead_id", BOOKING),
    "lead_links": ("lead_visitors", "INSERT", LINK),
    "lead_unlinks": (
        "lead_visitors",
        "DELETE",
        tuple(statement.replace("NEW.", "OLD.") for statement in LINK),
    ),
}
DEFAULT_RULES = (
    ("Call now", "days_since_booking <= 7 or level = high and days_since_last <= 7", 10),
    ("Send the price list", "uses_cost_calculator >= 2", 20),
    ("Re-engage", "level = high and days_since_last >= 30", 30),
)


def create_triggers():
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, event, statements) in TRIGGERS.items():
        body = " ".join(f"{statement} ON CONFLICT DO NOTHING;" for statement in statements)
        if postgres:
            op.execute(
                f"CREATE FUNCTION insight_queue_{name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {body} RETURN NULL; END $$"
            )
            op.execute(
                f"CREATE TRIGGER insight_queue_{name} AFTER {event} ON {table}"
                f" FOR EACH ROW EXECUTE FUNCTION insight_queue_{name}()"
            )
        else:
            op.execute(f"CREATE TRIGGER insight_queue_{name} AFTER {event} ON {table} BEGIN {body} END")


def drop_triggers():
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (table, _event, _statements) in TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS insight_queue_{name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION IF EXISTS insight_queue_{name}()")


def insight_columns():
    return [
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("tool_uses", sa.Integer(), nullable=False),
        sa.Column("events_high", sa.Integer(), nullable=False),
        sa.Column("events_medium", sa.Integer(), nullable=False),
        sa.Column("events_low", sa.Integer(), nullable=False),
        sa.Column("exports", sa.Integer(), nullable=False),
        sa.Column("bookings", sa.Integer(), nullable=False),
        sa.Column("first_activity_at", sa.DateTime(), nullable=True),
        sa.Column("last_activity_at", sa.DateTime(), nullable=True),
        sa.Column("last_booking_at", sa.DateTime(), nullable=True),
        sa.Column("tool_counts", JSON, nullable=False),
        sa.Column("primary_tool", sa.String(length=32), nullable=True),
        sa.Column("weeks", JSON, nullable=False),
        sa.Column("ended_on_high_intent", sa.Boolean(), nullable=False),
        sa.Column("abandoned_form", sa.Boolean(), nullable=False),
        sa.Column("abandoned_booking", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade():
    op.create_table(
        "insight_queue",
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("visitor_id", name=op.f("pk_insight_queue")),
    )
    op.create_table(
        "lead_insight_queue",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("lead_id", name=op.f("pk_lead_insight_queue")),
    )
    op.create_table(
        "visitor_insights",
        sa.Column("visitor_id", sa.String(length=64), nullable=False),
        *insight_columns(),
        sa.ForeignKeyConstraint(
            ["visitor_id"],
            ["visitors.id"],
            name=op.f("fk_visitor_insights_visitor_id_visitors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("visitor_id", name=op.f("pk_visitor_insights")),
    )
    op.create_table(
        "lead_insights",
        sa.Column("lead_id", sa.Integer(), nullable=False),
        *insight_columns(),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("actions", JSON, nullable=False),
        sa.Column("priority", sa.Integer(), nullable=True),
        sa.Column("actions_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name=op.f("fk_lead_insights_lead_id_leads"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("lead_id", name=op.f("pk_lead_insights")),
    )
    op.create_index("ix_lead_insights_priority", "lead_insights", ["priority", "score"])
    op.create_index("ix_lead_insights_score", "lead_insights", ["score"])
    op.create_index("ix_lead_insights_last_activity", "lead_insights", ["last_activity_at"])
    rules = op.create_table(
        "next_action_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("condition", sa.Text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_next_action_rules_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_next_action_rules")),
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(
        rules,
        [
            {
                "action": action,
                "condition": condition,
                "priority": priority,
                "enabled": True,
                "updated_at": now,
            }
            for action, condition, priority in DEFAULT_RULES
        ],
    )
    op.execute(f"{QUEUE} SELECT id FROM visitors")
    op.execute(f"{LEAD_QUEUE} SELECT id FROM leads")
    create_triggers()


def downgrade():
    drop_triggers()
    for table in (
        "next_action_rules",
        "lead_insights",
        "visitor_insights",
        "lead_insight_queue",
        "insight_queue",
    ):
        op.drop_table(table)
