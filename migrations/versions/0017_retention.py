"""retention: leads staff deleted, the purged visitors' share of the roll-ups, monthly event partitions

Revision ID: 0017_retention
Revises: 0016_outgoing_mail
Create Date: 2026-12-06 16:00:00

- ``leads.deleted_at``: a lead staff deleted (restorable, then erased by the purge).
- ``purged_funnel_rollup`` and ``purged_daily_activity``: what the visitors the retention purge
  deletes add to the roll-ups, so that a rebuild still counts them.
- PostgreSQL: ``behaviour_events`` becomes partitioned by month on ``created_at`` (its primary key
  becomes (id, created_at), as a partitioned table's must hold the partition key), with a
  partition per month from its oldest row to three months ahead and a default partition; its rows,
  ids, id sequence, indexes and foreign keys are kept. The retention purge then drops whole months.
"""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_retention"
down_revision = "0016_outgoing_mail"
branch_labels = None
depends_on = None

EVENTS = "behaviour_events"
OLD = "behaviour_events_unpartitioned"
INDEXES = {
    "ix_behaviour_events_session": "session_id",
    "ix_behaviour_events_type_created": "event_type, created_at",
    "ix_behaviour_events_visitor_created": "visitor_id, created_at",
}
FOREIGN_KEYS = {
    "fk_behaviour_events_session_id_visit_sessions": "(session_id) REFERENCES visit_sessions (id)",
    "fk_behaviour_events_visitor_id_visitors": "(visitor_id) REFERENCES visitors (id)",
}
MONTHS_AHEAD = 3  # as leadcapture.models.event_partitions


def upgrade():
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            "ix_leads_deleted",
            ["deleted_at"],
            unique=False,
            postgresql_where=sa.text("deleted_at IS NOT NULL"),
            sqlite_where=sa.text("deleted_at IS NOT NULL"),
        )
    for table, key, columns in (
        ("purged_funnel_rollup", _funnel_key(), _funnel_columns()),
        ("purged_daily_activity", ["day"], _activity_columns()),
    ):
        op.create_table(table, *columns, sa.PrimaryKeyConstraint(*key, name=op.f(f"pk_{table}")))
    if op.get_bind().dialect.name == "postgresql":
        _partition_events()


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _unpartition_events()
    op.drop_table("purged_daily_activity")
    op.drop_table("purged_funnel_rollup")
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_deleted", sqlite_where=sa.text("deleted_at IS NOT NULL"))
        batch_op.drop_column("deleted_at")


def _funnel_key() -> list[str]:
    return ["campaign", "source", "device", "tool", "step", "hi", "lo", "r"]


def _funnel_columns() -> list[sa.Column]:
    return [
        sa.Column("campaign", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("device", sa.String(length=16), nullable=False),
        sa.Column("tool", sa.String(length=32), nullable=False),
        sa.Column("step", sa.SmallInteger(), nullable=False),
        sa.Column("hi", sa.Date(), nullable=False),
        sa.Column("lo", sa.Date(), nullable=False),
        sa.Column("r", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
    ]


def _activity_columns() -> list[sa.Column]:
    return [
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.Column("tool_uses", sa.Integer(), nullable=False),
    ]


def _partition_events():
    """Copy the events into a partitioned table of the same name, columns, keys and indexes."""
    _set_aside_old_table()
    op.execute(
        f"CREATE TABLE {EVENTS} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        " PARTITION BY RANGE (created_at)"
    )
    op.execute(f"ALTER SEQUENCE {EVENTS}_id_seq OWNED BY {EVENTS}.id")
    oldest = op.get_bind().scalar(sa.text(f"SELECT min(created_at) FROM {OLD}"))
    now = datetime.now(UTC).replace(tzinfo=None)
    month = _month(min(oldest or now, now))
    while month <= _add_months(_month(now), MONTHS_AHEAD):
        following = _add_months(month, 1)
        op.execute(
            f"CREATE TABLE {EVENTS}_y{month:%Y}m{month:%m} PARTITION OF {EVENTS}"
            f" FOR VALUES FROM ('{month:%Y-%m-%d}') TO ('{following:%Y-%m-%d}')"
        )
        month = following
    op.execute(f"CREATE TABLE {EVENTS}_default PARTITION OF {EVENTS} DEFAULT")
    op.execute(f"INSERT INTO {EVENTS} SELECT * FROM {OLD}")
    _add_keys_and_indexes("id, created_at")
    op.execute(f"DROP TABLE {OLD}")


def _unpartition_events():
    _set_aside_old_table()
    op.execute(f"CREATE TABLE {EVENTS} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    op.execute(f"ALTER SEQUENCE {EVENTS}_id_seq OWNED BY {EVENTS}.id")
    op.execute(f"INSERT INTO {EVENTS} SELECT * FROM {OLD}")
    _add_keys_and_indexes("id")
    op.execute(f"DROP TABLE {OLD}")  # with its partitions


def _set_aside_old_table():
    """Rename the events table and free the names of its keys and indexes for the new one; its id
    sequence outlives it."""
    op.execute(f"ALTER TABLE {EVENTS} RENAME TO {OLD}")
    op.execute(f"ALTER SEQUENCE {EVENTS}_id_seq OWNED BY NONE")
    op.execute(f"ALTER TABLE {OLD} DROP CONSTRAINT pk_{EVENTS}")
    for name in FOREIGN_KEYS:
        op.execute(f"ALTER TABLE {OLD} DROP CONSTRAINT {name}")
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")


def _add_keys_and_indexes(primary_key: str):
    op.execute(f"ALTER TABLE {EVENTS} ADD CONSTRAINT pk_{EVENTS} PRIMARY KEY ({primary_key})")
    for name, reference in FOREIGN_KEYS.items():
        op.execute(f"ALTER TABLE {EVENTS} ADD CONSTRAINT {name} FOREIGN KEY {reference} ON DELETE CASCADE")
    for name, columns in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {EVENTS} ({columns})")


def _month(moment) -> date:
    return date(moment.year, moment.month, 1)


def _add_months(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
