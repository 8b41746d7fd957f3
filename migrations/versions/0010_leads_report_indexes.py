"""leads: indexes the attribution report reads instead of the table

The report's leads of a period with their scores come from ``ix_leads_created_score`` (now with
the id, to join their journeys); time decay reads the leads in id order, beside their touches,
from ``ix_leads_id_created_score``. A lead row is wide: reading these instead took the report's
two lead queries over 90 days from about 100 and 75 ms to 55 and 50 ms (bench/admin.py's data).

Revision ID: 0010_leads_report_indexes
Revises: 0009_stale_booking_journeys
Create Date: 2026-11-23 19:08:11.293189

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_leads_report_indexes"
down_revision = "0009_stale_booking_journeys"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_created_score")
        batch_op.create_index("ix_leads_created_score", ["created_at", "score", "id"], unique=False)
        batch_op.create_index("ix_leads_id_created_score", ["id", "created_at", "score"], unique=False)


def downgrade():
    with op.batch_alter_table("leads", schema=None) as batch_op:
        batch_op.drop_index("ix_leads_id_created_score")
        batch_op.drop_index("ix_leads_created_score")
        batch_op.create_index("ix_leads_created_score", ["created_at", "score"], unique=False)
