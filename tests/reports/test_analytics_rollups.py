"""The analytics roll-ups after a bulk load: rows loaded into days already counted (and settled)
show on the pages once ``update_rollups_after_load`` has counted those days again."""

from datetime import date, datetime

import click

from leadcapture.extensions import db
from leadcapture.models import Visitor
from leadcapture.reports.analytics.abandonment import abandonment
from leadcapture.reports.analytics.explorer import ExplorerFilters, explorer
from leadcapture.reports.analytics.retention import retention
from leadcapture.reports.bulk_load import update_rollups_after_load
from leadcapture.reports.period import Period
from tests.admin.report_data import session
from tests.admin.test_analytics_events import event

WEEK = Period(date(2026, 3, 2), date(2026, 3, 8))
LATER = datetime(2026, 4, 1)


def figures() -> tuple[int, int, int]:
    """Events, retention cohort size and sessions that began a tool, in the week of Mar 2."""
    events = explorer(ExplorerFilters(WEEK), LATER).total
    cohort = retention(WEEK, "week", LATER).rows[0].visitors
    began = sum(outcome.started for outcome in abandonment(WEEK, None, LATER).tools)
    return events, cohort, began


def load(number: int) -> None:
    visitor_id = f"V{number}"
    db.session.add(Visitor(id=visitor_id, created_at=datetime(2026, 3, 3, 10)))
    db.session.flush()
    session_id = session(visitor_id, "2026-03-03 10:00")
    event(visitor_id, session_id, "2026-03-03 10:01", "tool_usage", "cost_calculator:start", "medium", None)
    db.session.commit()


def test_loaded_days_are_counted_again(app_ctx):
    load(1)
    assert figures() == (1, 1, 1)
    load(2)  # into settled days, as a bulk load writes
    assert figures() == (1, 1, 1)
    update_rollups_after_load(datetime(2026, 3, 1), click.progressbar)
    assert figures() == (2, 2, 2)
