"""Roll-ups behind the dashboard and the funnel, kept up to date from a queue of new rows.

Database triggers (migration 0007) add a ``RollupQueue`` row for every new session, tool use,
prompt, lead link and booking, in the writer's own transaction, however it writes (the tracker,
``flask demo-data``'s bulk inserts, a test). ``leadcapture.rollups.refresh`` folds the queue
into the roll-up tables. See ``leadcapture.rollups.funnel_rows`` for what a funnel row means.
"""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.leads import Lead

# Queue kinds: what happened to the visitor, and what ``ref`` names:
#   "s" session started (visit_sessions.id)      "i" tool used (interactions.id)
#   "p" contact form offered (contact_prompts.id) "l" linked to a lead (leads.id)
#   "b" a booking counts for the visitor (bookings.id)


class RollupQueue(db.Model):
    """Something a visitor did that the roll-ups do not include yet."""

    __tablename__ = "rollup_queue"

    visitor_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)


class FunnelColumns:
    """How many visitors reach ``step`` of the funnel, for periods starting in (lo, hi].

    A visitor with the filters' activity counts for a period [a, b] (whole days) when
    lo < a <= hi and r <= b. Filter columns hold '' for "any".
    """

    # The key's order serves the reads: one filter, then a step, then periods by start day.
    campaign: Mapped[str] = mapped_column(String(255), primary_key=True)
    source: Mapped[str] = mapped_column(String(255), primary_key=True)
    device: Mapped[str] = mapped_column(String(16), primary_key=True)
    tool: Mapped[str] = mapped_column(String(32), primary_key=True)
    step: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    hi: Mapped[date] = mapped_column(Date, primary_key=True)
    lo: Mapped[date] = mapped_column(Date, primary_key=True)
    r: Mapped[date] = mapped_column(Date, primary_key=True)
    visitors: Mapped[int] = mapped_column(Integer)


class ActivityColumns:
    """Sessions started and tools used per day (UTC)."""

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sessions: Mapped[int] = mapped_column(Integer, default=0)
    tool_uses: Mapped[int] = mapped_column(Integer, default=0)


class FunnelRollup(FunnelColumns, db.Model):
    __tablename__ = "funnel_rollup"


class DailyActivity(ActivityColumns, db.Model):
    __tablename__ = "daily_activity"


class PurgedFunnelRollup(FunnelColumns, db.Model):
    """What visitors deleted by the retention purge add to ``funnel_rollup``: a rebuild starts
    from it, since their rows are gone (``leadcapture.rollups.retired``)."""

    __tablename__ = "purged_funnel_rollup"


class PurgedDailyActivity(ActivityColumns, db.Model):
    """What visitors deleted by the retention purge add to ``daily_activity``."""

    __tablename__ = "purged_daily_activity"


class FilterValue(db.Model):
    """A campaign, source or device seen in a session: the funnel's filter choices."""

    __tablename__ = "report_filter_values"

    dimension: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(255), primary_key=True)


class RollupState(db.Model):
    """One row: written first by every refresh, so refreshes run one at a time."""

    __tablename__ = "rollup_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refreshed_at: Mapped[datetime] = mapped_column(DateTime)


# The dashboard's lead count and average score per day, and the attribution's leads of a period
# with their scores (joined to their journeys by id), read only this index (no table rows).
# A refresh finds visitors' bookings by ix_bookings_visitor (models/bookings.py).
Index("ix_leads_created_score", Lead.created_at, Lead.score, Lead.id)
