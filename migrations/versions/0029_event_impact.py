"""Business impact of behaviour events, time on page and session duration from the tracker, and
per-session analytics (events by impact, exports, tools accessed), backfilled

Revision ID: 0029_event_impact
Revises: 0028_ops
Create Date: 2026-12-12 10:00:00

- ``behaviour_events``: ``impact`` (high / medium / low; indexed with ``created_at``),
  ``time_on_page_ms``, ``session_duration_ms``. Plain ``ADD COLUMN``: on PostgreSQL the table is
  partitioned by month (0017) and the columns and the index reach every partition, the ones the
  purge creates later too.
- ``visit_sessions``: ``events_high``, ``events_medium``, ``events_low``, ``exports``. Plain
  ``ADD COLUMN`` (no batch mode): rebuilding ``visit_sessions`` on SQLite would drop its roll-up
  trigger (see 0007, 0021).
- ``session_tools``: per session and tool, its uses (interactions) and its ``tool_usage`` events.
- ``event_impact_rules``: the rules admins add to the default table.

The backfill walks the events ``BATCH`` ids at a time: each batch gets its impact from the default
table (``leadcapture.tracking.impact.DEFAULT_RULES`` as SQL, frozen here as migrations are) and is
added to its sessions' counts and tools.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029_event_impact"
down_revision = "0028_ops"
branch_labels = None
depends_on = None

BATCH = 50_000
TOOLS = ("ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking")
IN_BATCH = "id >= :low AND id < :high"
# The default table: types that are high or medium whatever the name, and tool results.
# (``\\:``: a colon, not a bound parameter, to ``sa.text``)
RESULT = "length(name) >= 7 AND substr(name, length(name) - 6) = '\\:result'"
IMPACT = (
    "CASE WHEN event_type IN ('form_submit', 'export') THEN 'high'"
    f" WHEN event_type = 'tool_usage' AND {RESULT} THEN 'high'"
    " WHEN event_type IN ('tool_usage', 'error') THEN 'medium' ELSE 'low' END"
)
SET_IMPACT = (
    f"UPDATE behaviour_events SET impact = {IMPACT}"
    f" WHERE {IN_BATCH} AND event_type IN ('form_submit', 'export', 'tool_usage', 'error')"
)
COUNTED = {
    "events_high": "impact = 'high'",
    "events_medium": "impact = 'medium'",
    "events_low": "impact = 'low'",
    "exports": "event_type = 'export'",
}
ADD_TO_SESSIONS = (
    "UPDATE visit_sessions SET "
    + ", ".join(f"{column} = visit_sessions.{column} + batch.{column}" for column in COUNTED)
    + " FROM (SELECT session_id, "
    + ", ".join(
        f"sum(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {column}" for column, condition in COUNTED.items()
    )
    + f" FROM behaviour_events WHERE {IN_BATCH} AND session_id IS NOT NULL GROUP BY session_id) AS batch"
    " WHERE visit_sessions.id = batch.session_id"
)
KNOWN_TOOLS = " UNION ALL ".join(f"SELECT '{tool}' AS tool" for tool in TOOLS)
# A tool event is named after its tool, or ``<tool>:<step>``.
ADD_TOOL_EVENTS = (
    "INSERT INTO session_tools (session_id, tool, uses, events)"
    " SELECT e.session_id, t.tool, 0, count(*)"
    f" FROM behaviour_events e JOIN ({KNOWN_TOOLS}) t"
    " ON e.name = t.tool OR substr(e.name, 1, length(t.tool) + 1) = t.tool || ':'"
    " WHERE e.id >= :low AND e.id < :high AND e.event_type = 'tool_usage'"
    " AND e.session_id IS NOT NULL GROUP BY e.session_id, t.tool"
    " ON CONFLICT (session_id, tool) DO UPDATE SET events = session_tools.events + excluded.events"
)
TOOL_USES = (
    "INSERT INTO session_tools (session_id, tool, uses, events)"
    " SELECT session_id, tool, count(*), 0 FROM interactions GROUP BY session_id, tool"
)


def upgrade():
    op.add_column(
        "behaviour_events", sa.Column("impact", sa.String(length=8), server_default="low", nullable=False)
    )
    op.add_column("behaviour_events", sa.Column("time_on_page_ms", sa.Integer(), nullable=True))
    op.add_column("behaviour_events", sa.Column("session_duration_ms", sa.Integer(), nullable=True))
    for column in COUNTED:
        op.add_column("visit_sessions", sa.Column(column, sa.Integer(), server_default="0", nullable=False))
    op.create_table(
        "session_tools",
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["visit_sessions.id"],
            name=op.f("fk_session_tools_session_id_visit_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", "tool", name=op.f("pk_session_tools")),
    )
    op.create_table(
        "event_impact_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("pattern", sa.String(length=255), nullable=False),
        sa.Column("impact", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["users.id"],
            name=op.f("fk_event_impact_rules_updated_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_impact_rules")),
        sa.UniqueConstraint("event_type", "pattern", name=op.f("uq_event_impact_rules_event_type")),
    )
    _backfill()
    op.create_index("ix_behaviour_events_impact_created", "behaviour_events", ["impact", "created_at"])


def _backfill():
    bind = op.get_bind()
    bind.execute(sa.text(TOOL_USES))
    low, last = bind.execute(sa.text("SELECT min(id), max(id) FROM behaviour_events")).one()
    while low is not None and low <= last:
        batch = {"low": low, "high": low + BATCH}
        for statement in (SET_IMPACT, ADD_TO_SESSIONS, ADD_TOOL_EVENTS):
            bind.execute(sa.text(statement), batch)
        low += BATCH


def downgrade():
    op.drop_index("ix_behaviour_events_impact_created", table_name="behaviour_events")
    op.drop_table("event_impact_rules")
    op.drop_table("session_tools")
    for column in reversed(COUNTED):
        op.drop_column("visit_sessions", column)
    for column in ("session_duration_ms", "time_on_page_ms", "impact"):
        op.drop_column("behaviour_events", column)
