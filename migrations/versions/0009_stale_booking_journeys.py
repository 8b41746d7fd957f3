"""drop booking journeys kept for another lead than their booking's

Reports used to recognise such a journey by comparing leads on every read (a join the planner
misjudged); it is now dropped when the booking gets its lead. Those already kept are dropped
here, to be stored again by the next report that needs them.

Revision ID: 0009_stale_booking_journeys
Revises: 0008_attribution_rollups
Create Date: 2026-11-23 19:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_stale_booking_journeys"
down_revision = "0008_attribution_rollups"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "DELETE FROM booking_journeys WHERE booking_id IN ("
        " SELECT journey.booking_id FROM booking_journeys AS journey"
        " JOIN bookings ON bookings.id = journey.booking_id"
        " WHERE (journey.lead_id IS NULL) <> (bookings.lead_id IS NULL)"
        " OR journey.lead_id <> bookings.lead_id)"
    )


def downgrade():
    pass  # the dropped journeys are stored again when a report needs them
