"""Queue triggers once per statement on PostgreSQL: the roll-up and insight queues' INSERT triggers
queue a statement's new rows in one set-based INSERT (from the statement's transition table)
instead of one trigger run per row, so a bulk COPY queues its rows in one go

Revision ID: 0034_statement_queue_triggers
Revises: 0033_decay_half_life
Create Date: 2026-12-22 10:00:00

SQLite has no statement triggers: its row triggers (0007, 0030) stay. The UPDATE and DELETE
triggers stay per row on both (a trigger on chosen columns cannot see a transition table).
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0034_statement_queue_triggers"
down_revision = "0033_decay_half_life"
branch_labels = None
depends_on = None

ROLLUP = "INSERT INTO rollup_queue (visitor_id, kind, ref)"
INSIGHT = "INSERT INTO insight_queue (visitor_id)"
LEAD_INSIGHT = "INSERT INTO lead_insight_queue (lead_id)"
# A booking's visitors: its own and its lead's (as 0007's row trigger counted them).
BOOKING_VISITORS = (
    f"{ROLLUP} SELECT counted.visitor_id, 'b', counted.id FROM"
    " (SELECT visitor_id, id FROM new_rows"
    " UNION SELECT lead_visitors.visitor_id, new_rows.id FROM new_rows"
    " JOIN lead_visitors ON lead_visitors.lead_id = new_rows.lead_id) AS counted"
    " WHERE counted.visitor_id IS NOT NULL"
)
# trigger name: (table, what the statement's new rows ``new_rows`` queue)
TRIGGERS = {
    "rollup_queue_sessions": ("visit_sessions", (f"{ROLLUP} SELECT visitor_id, 's', id FROM new_rows",)),
    "rollup_queue_interactions": ("interactions", (f"{ROLLUP} SELECT visitor_id, 'i', id FROM new_rows",)),
    "rollup_queue_prompts": ("contact_prompts", (f"{ROLLUP} SELECT visitor_id, 'p', id FROM new_rows",)),
    "rollup_queue_lead_links": (
        "lead_visitors",
        (f"{ROLLUP} SELECT visitor_id, 'l', CAST(lead_id AS TEXT) FROM new_rows",),
    ),
    "rollup_queue_bookings": ("bookings", (BOOKING_VISITORS,)),
    "insight_queue_sessions": ("visit_sessions", (f"{INSIGHT} SELECT visitor_id FROM new_rows",)),
    "insight_queue_session_tools": (
        "session_tools",
        (
            f"{INSIGHT} SELECT visit_sessions.visitor_id FROM new_rows"
            " JOIN visit_sessions ON visit_sessions.id = new_rows.session_id",
        ),
    ),
    "insight_queue_interactions": ("interactions", (f"{INSIGHT} SELECT visitor_id FROM new_rows",)),
    "insight_queue_prompts": ("contact_prompts", (f"{INSIGHT} SELECT visitor_id FROM new_rows",)),
    "insight_queue_bookings": (
        "bookings",
        (
            f"{INSIGHT} SELECT visitor_id FROM new_rows WHERE visitor_id IS NOT NULL",
            f"{LEAD_INSIGHT} SELECT lead_id FROM new_rows WHERE lead_id IS NOT NULL",
        ),
    ),
    "insight_queue_lead_links": (
        "lead_visitors",
        (f"{INSIGHT} SELECT visitor_id FROM new_rows", f"{LEAD_INSIGHT} SELECT lead_id FROM new_rows"),
    ),
}
# In a row trigger, the one new row as a table of its own: the same statements queue it.
ONE_ROW = "(SELECT NEW.*) AS new_rows"


def upgrade() -> None:
    _replace_triggers(per_statement=True)


def downgrade() -> None:
    _replace_triggers(per_statement=False)


def _replace_triggers(per_statement: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, (table, statements) in TRIGGERS.items():
        body = " ".join(f"{_from(statement, per_statement)} ON CONFLICT DO NOTHING;" for statement in statements)
        op.execute(f"DROP TRIGGER {name} ON {table}")
        op.execute(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN {body} RETURN NULL; END $$"
        )
        level = "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT" if per_statement else "FOR EACH ROW"
        op.execute(f"CREATE TRIGGER {name} AFTER INSERT ON {table} {level} EXECUTE FUNCTION {name}()")


def _from(statement: str, per_statement: bool) -> str:
    return statement if per_statement else statement.replace("FROM new_rows", f"FROM {ONE_ROW}")
