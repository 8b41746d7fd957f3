"""The feedback given each day by tool, campaign and engagement level (``FeedbackDay``), the
feedback report's figures for any period from a few thousand rows.

A feedback row is written whole by one request, so a day is final a couple of minutes after it
ends; today is counted again at most once a minute (``day_rollups``). Rows erased or cleared later
stay counted, as in every report. The roll-up has no organisations: with one chosen, the report
reads that organisation's feedback itself (a few rows, through its index).
"""

from datetime import datetime, timedelta

from sqlalchemy import Date, delete, func, select, true

from leadcapture.extensions import db
from leadcapture.models import Feedback, FeedbackDay
from leadcapture.models.types import utcnow
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.day_rollups import DayRollup, ensure_days
from leadcapture.reports.feedback_filters import NOT_SET, FeedbackFilters
from leadcapture.reports.feedback_tally import Tally, tally, tally_columns
from leadcapture.reports.period import Period

NONE = ""  # a key column's value for none
COUNTS = ("feedback", "rating_sum", "comments", "positive", "negative")
KEYS = {"tool": Feedback.tool, "campaign": Feedback.campaign, "engagement_level": Feedback.engagement_level}

Group = tuple[tuple, Tally]  # ((day, tool, campaign, engagement level), its feedback)


def _recount(days: Period) -> None:
    db.session.execute(delete(FeedbackDay).where(FeedbackDay.day >= days.first, FeedbackDay.day <= days.last))
    keys = (
        func.date(Feedback.created_at, type_=Date),
        *(func.coalesce(column, NONE) for column in KEYS.values()),
    )
    counted = (
        select(*keys, *tally_columns())
        .where(Feedback.created_at >= days.start, Feedback.created_at < days.end)
        .group_by(*keys)
    )
    columns = ("day", *KEYS, *COUNTS)
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE in the SELECT.
    statement = dialect_insert(FeedbackDay).from_select(columns, counted.where(true()))
    # A view counting the same days at the same moment wrote them already: keep the newer count.
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["day", *KEYS], set_={name: statement.excluded[name] for name in COUNTS}
        )
    )


FEEDBACK_DAYS = DayRollup("feedback_days", FeedbackDay, timedelta(minutes=2), _recount)


def feedback_groups(filters: FeedbackFilters, now: datetime | None = None) -> list[Group]:
    """The segment's feedback by (day, tool, campaign, engagement level), None for a key not set."""
    if filters.organisation is not None:
        return _live_groups(filters)
    ensure_days(FEEDBACK_DAYS, filters.period, now or utcnow())
    query = select(*(getattr(FeedbackDay, name) for name in ("day", *KEYS, *COUNTS))).where(
        FeedbackDay.day >= filters.period.first, FeedbackDay.day <= filters.period.last
    )
    for name in ("tool", "campaign"):
        value = getattr(filters, name)
        if value is not None:
            query = query.where(getattr(FeedbackDay, name) == (NONE if value == NOT_SET else value))
    groups = []
    for row in db.session.execute(query):
        day, *keys = row[:4]
        groups.append(((day, *(key or None for key in keys)), Tally(*row[4:])))
    return groups


def _live_groups(filters: FeedbackFilters) -> list[Group]:
    keys = (func.date(Feedback.created_at, type_=Date), *KEYS.values())
    query = select(*keys, *tally_columns()).where(*filters.segment()).group_by(*keys)
    return [(tuple(row[:4]), tally(row)) for row in db.session.execute(query)]
