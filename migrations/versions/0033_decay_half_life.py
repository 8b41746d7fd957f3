"""Score decay as a half-life: the stored draft settings and every published version's settings
name it decay_half_life_days (was decay_after_days, the one step after which interactions counted half)

Revision ID: 0033_decay_half_life
Revises: 0032_experiments
Create Date: 2026-12-21 10:00:00
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0033_decay_half_life"
down_revision = "0032_experiments"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
# (table, key column, settings column): renamed in place, so that the rules page's diff between the
# draft and the live version (plain dicts) and each version's history show no rename as a change.
SETTINGS_COLUMNS = (("scoring_settings", "id", "values"), ("rule_set_versions", "version", "settings"))


def upgrade() -> None:
    _rename("decay_after_days", "decay_half_life_days")


def downgrade() -> None:
    _rename("decay_half_life_days", "decay_after_days")


def _rename(old: str, new: str) -> None:
    connection = op.get_bind()
    for name, key, column in SETTINGS_COLUMNS:
        table = sa.table(name, sa.column(key, sa.Integer()), sa.column(column, JSON))
        for row_key, values in connection.execute(sa.select(table.c[key], table.c[column])).all():
            if not values or old not in values:
                continue
            renamed = {(new if name_ == old else name_): value for name_, value in values.items()}
            connection.execute(sa.update(table).where(table.c[key] == row_key).values({column: renamed}))
