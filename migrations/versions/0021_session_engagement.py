"""Session engagement: each visit session's 0-12 score and level, backfilled for existing sessions

Revision ID: 0021_session_engagement
Revises: 0020_feedback
Create Date: 2026-12-09 10:00:00

The backfill is ``leadcapture.engagement.score.measure`` in SQL (frozen here, as migrations are):
active time, tools used, AI recommendations asked, bookings and forms, 0-3 points each. Plain
``ADD``/``DROP COLUMN`` (no batch mode): rebuilding ``visit_sessions`` on SQLite would drop its
roll-up trigger (see 0007).
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021_session_engagement"
down_revision = "0020_feedback"
branch_labels = None
depends_on = None

ACTIVE_TIME = (
    "CASE WHEN active_seconds >= 1200 THEN 3 WHEN active_seconds >= 600 THEN 2"
    " WHEN active_seconds >= 300 THEN 1 ELSE 0 END"
)
OWN = "i.session_id = visit_sessions.id"
TOOLS = (
    "(SELECT CASE WHEN count(DISTINCT i.tool) >= 3 THEN 3 ELSE count(DISTINCT i.tool) END"
    f" FROM interactions i WHERE {OWN})"
)
AI_RECOMMENDATIONS = (
    "(SELECT CASE WHEN count(*) >= 5 THEN 3 WHEN count(*) >= 2 THEN 2 ELSE count(*) END"
    f" FROM interactions i WHERE {OWN} AND i.tool = 'ai_recommendation')"
)
PROMPT = (
    "EXISTS (SELECT 1 FROM contact_prompts p WHERE p.session_id = visit_sessions.id AND p.{} IS NOT NULL)"
)
BOOKINGS_AND_FORMS = (
    f"CASE WHEN EXISTS (SELECT 1 FROM interactions i WHERE {OWN} AND i.tool = 'appointment_booking') THEN 3"
    f" WHEN {PROMPT.format('submitted_at')} THEN 2 WHEN {PROMPT.format('interacted_at')} THEN 1 ELSE 0 END"
)
BACKFILL_SCORE = (
    f"UPDATE visit_sessions SET engagement_score = {ACTIVE_TIME} + {TOOLS} + {AI_RECOMMENDATIONS}"
    f" + {BOOKINGS_AND_FORMS}"
    " WHERE active_seconds >= 300"
    " OR id IN (SELECT session_id FROM interactions UNION SELECT session_id FROM contact_prompts)"
)
BACKFILL_LEVEL = (
    "UPDATE visit_sessions SET engagement_level = CASE WHEN engagement_score >= 9 THEN 'very_high'"
    " WHEN engagement_score >= 6 THEN 'high' ELSE 'medium' END WHERE engagement_score >= 3"
)


def upgrade():
    op.add_column(
        "visit_sessions", sa.Column("engagement_score", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "visit_sessions",
        sa.Column("engagement_level", sa.String(length=16), server_default="low", nullable=False),
    )
    op.execute(BACKFILL_SCORE)
    op.execute(BACKFILL_LEVEL)


def downgrade():
    op.drop_column("visit_sessions", "engagement_level")
    op.drop_column("visit_sessions", "engagement_score")
