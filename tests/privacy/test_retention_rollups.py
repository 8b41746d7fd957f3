"""The reports count the past the same after a purge, after later refreshes and after a rebuild."""

from datetime import date, timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, PurgedDailyActivity, RollupQueue, Visitor
from leadcapture.privacy.retention import purge
from leadcapture.reports.attribution_report import AttributionQuery, attribution_report
from leadcapture.reports.dashboard import dashboard
from leadcapture.reports.period import Period
from leadcapture.reports.visitor_days import forget_days
from leadcapture.rollups.query import FunnelFilters, filter_values, step_counts
from leadcapture.rollups.rebuild import queue_everything
from leadcapture.rollups.refresh import refresh_rollups
from tests.admin.report_data import at, booking, lead, prompt, session, tool_use

PURGE_AT = at("2025-01-10 10:00") + timedelta(days=395)
PERIODS = [
    Period(date(2025, 1, 1), date(2025, 1, 31)),
    Period(date(2025, 1, 5), date(2025, 1, 5)),
    Period(date(2025, 1, 6), date(2025, 1, 10)),
    Period(date(2025, 1, 10), date(2026, 1, 31)),
    Period(date(2024, 6, 1), date(2026, 2, 1)),
]
FILTERS = [
    FunnelFilters(),
    FunnelFilters(campaign="winter"),
    FunnelFilters(campaign="spring"),
    FunnelFilters(tool="cost_calculator"),
    FunnelFilters(device="mobile", source="google"),
]
ATTRIBUTION = [("first_touch", "source"), ("linear", "campaign"), ("time_decay", "source")]


def visitor(visitor_id: str, first_seen: str) -> str:
    db.session.add(Visitor(id=visitor_id, created_at=at(first_seen)))
    return visitor_id


def build_history() -> None:
    """Two anonymous visitors past retention (a, d), one anonymous visitor still coming (b), and a
    lead's visitor (c) who was offered the form, became a lead and booked."""
    a = visitor("a", "2025-01-05 09:00")
    first = session(a, "2025-01-05 09:00", campaign="winter", source="google", device="mobile")
    tool_use(a, first, "cost_calculator", "2025-01-05 09:05")
    prompt(a, first, "2025-01-05 09:06")
    tool_use(a, session(a, "2025-01-10 10:00"), "ai_recommendation", "2025-01-10 10:00")
    session(visitor("d", "2024-06-01 12:00"), "2024-06-01 12:00", campaign="spring", source="google")
    b = visitor("b", "2025-01-05 11:00")
    session(b, "2025-01-05 11:00", campaign="spring", source="google", device="mobile")
    session(b, "2026-01-20 11:00", campaign="summer")
    c = visitor("c", "2025-01-06 08:00")
    visit = session(c, "2025-01-06 08:00", campaign="spring", source="google")
    tool_use(c, visit, "cost_calculator", "2025-01-06 08:01")
    prompt(c, visit, "2025-01-06 08:02")
    booking("2025-01-07 10:00", visitor_id=c, lead_id=lead("2025-01-06 08:03", score=80, visitors=[c]))
    db.session.commit()


def reports() -> dict:
    """What the dashboard, the funnel and attribution show for the past periods."""
    shown = {"filters": filter_values()}
    for period in PERIODS:
        board = dashboard(period)
        shown[("dashboard", period)] = (board.current, board.previous, board.daily)
        for filters in FILTERS:
            shown[("funnel", period, filters)] = step_counts(period.first, period.last, filters)
        for model, grouping in ATTRIBUTION:
            report = attribution_report(AttributionQuery(model, grouping, 7.0, period))
            shown[("attribution", period, model)] = (sorted(report.rows, key=repr), report.total)
    return shown


def test_the_reports_are_the_same_after_the_purge_a_refresh_and_a_rebuild(app_ctx):
    build_history()
    refresh_rollups()
    before = reports()
    assert before[("dashboard", PERIODS[0])][0].visitors == 3
    assert before[("funnel", PERIODS[0], FILTERS[1])] == [1, 1, 1, 0, 0]
    # Days the attribution has not counted yet: the purge must count them before their rows go.
    forget_days(date(2024, 1, 1))
    db.session.commit()

    removed = {result.step.label: result.removed for result in purge(PURGE_AT)}

    assert removed["Anonymous visitors"]["visitors"] == 2
    assert set(db.session.scalars(select(Visitor.id))) == {"b", "c"}
    assert reports() == before
    # b comes back: a refresh folds in its new visit, and the past stays as it was.
    session("b", "2026-02-09 12:00", campaign="summer")
    db.session.commit()
    assert refresh_rollups() == 1
    assert reports() == before
    queue_everything()
    refresh_rollups()
    assert reports() == before
    assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None


def test_the_purged_visitors_share_is_what_they_added(app_ctx):
    build_history()
    refresh_rollups()
    purge(PURGE_AT)
    kept = {row.day: (row.sessions, row.tool_uses) for row in db.session.scalars(select(PurgedDailyActivity))}
    assert kept == {date(2025, 1, 5): (1, 1), date(2025, 1, 10): (1, 1), date(2024, 6, 1): (1, 0)}


def test_activity_still_queued_when_the_purge_starts_is_folded_in_first(app_ctx):
    build_history()  # nothing refreshed yet
    purge(PURGE_AT)
    refresh_rollups()
    assert step_counts(date(2025, 1, 1), date(2025, 1, 31)) == [3, 2, 2, 1, 1]
    assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None


def test_anonymising_inactive_leads_keeps_the_reports_too(make_app):
    with make_app(LEAD_RETENTION_DAYS=395).app_context():
        build_history()
        e = visitor("e", "2025-01-07 09:00")
        visit = session(e, "2025-01-07 09:00", campaign="autumn", source="bing", device="tablet")
        tool_use(e, visit, "ai_recommendation", "2025-01-07 09:05")
        prompt(e, visit, "2025-01-07 09:06")
        quiet = lead("2025-01-07 09:10", score=60, visitors=[e])
        db.session.commit()
        refresh_rollups()
        before = reports()
        forget_days(date(2024, 1, 1))
        db.session.commit()

        removed = {result.step.label: result.removed for result in purge(PURGE_AT)}

        assert removed["Inactive leads"] == {"leads": 1}
        assert db.session.get(Lead, quiet).erased_at == PURGE_AT
        assert reports() == before
        queue_everything()
        refresh_rollups()
        assert reports() == before
