"""The retention roll-up (``RetentionDay``): per day, the visitors active that day for the first
time in its week, by the week of their first visit (``visitors.created_at``) and the campaign of
their first session. Summed over a week's days it gives each cohort's distinct visitors active that
week, from a few rows per day.

A day is counted in one grouped INSERT ... SELECT (``day_rollups``): the day's visitors without a
session earlier in the same week, each looked up by index (their first session, their visitor row).
Sessions are stamped when they start, so a day is final soon after it ends.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import Date, delete, exists, func, literal, select, true
from sqlalchemy.orm import aliased

from leadcapture.extensions import db
from leadcapture.models import RetentionDay, Visitor, VisitSession
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.analytics.sql_dates import week_of
from leadcapture.reports.day_rollups import DayRollup
from leadcapture.reports.period import Period

NONE = ""  # no campaign


def monday(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def _recount(days: Period) -> None:
    db.session.execute(
        delete(RetentionDay).where(RetentionDay.day >= days.first, RetentionDay.day <= days.last)
    )
    for day in days.dates():
        db.session.execute(_rows_of_day(day))


def _rows_of_day(day: date):
    start = datetime.combine(day, datetime.min.time())
    week_start = datetime.combine(monday(day), datetime.min.time())
    active = (
        select(VisitSession.visitor_id)
        .where(VisitSession.started_at >= start, VisitSession.started_at < start + timedelta(days=1))
        .distinct()
        .subquery()
    )
    earlier, first = aliased(VisitSession), aliased(VisitSession)
    first_campaign = (
        select(first.utm_campaign)
        .where(first.visitor_id == active.c.visitor_id)
        .order_by(first.started_at)
        .limit(1)
        .scalar_subquery()
    )
    came_earlier = exists().where(
        earlier.visitor_id == active.c.visitor_id,
        earlier.started_at >= week_start,
        earlier.started_at < start,
    )
    visitors = (
        select(
            week_of(Visitor.created_at).label("cohort_week"),
            func.coalesce(first_campaign, NONE).label("first_campaign"),
        )
        .select_from(active)
        .join(Visitor, Visitor.id == active.c.visitor_id)
        .where(~came_earlier)
        .subquery()
    )
    counted = select(
        literal(day, Date),
        visitors.c.cohort_week,
        visitors.c.first_campaign,
        literal(monday(day), Date),
        func.count(),
    ).group_by(visitors.c.cohort_week, visitors.c.first_campaign)
    columns = ("day", "cohort_week", "first_campaign", "week", "visitors")
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE in the SELECT.
    statement = dialect_insert(RetentionDay).from_select(columns, counted.where(true()))
    # A view counting the same day at the same moment wrote it already: keep the newer count.
    return statement.on_conflict_do_update(
        index_elements=["day", "cohort_week", "first_campaign"],
        set_={"visitors": statement.excluded.visitors},
    )


RETENTION_DAYS = DayRollup("retention_days", RetentionDay, timedelta(minutes=5), _recount)
