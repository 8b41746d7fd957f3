"""Rebuilding the roll-ups from every row gives what the refreshes built row by row; the CLI."""

import random
from datetime import timedelta

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.jobs.maintenance import refresh_report_rollups
from leadcapture.models import DailyActivity, FilterValue, FunnelRollup, RollupQueue, VisitSession
from leadcapture.models.types import utcnow
from leadcapture.rollups.query import visitors
from leadcapture.rollups.rebuild import queue_everything
from leadcapture.rollups.refresh import queued_visitors, refresh_rollups
from tests.admin.report_data import session, visitor
from tests.rollups.test_refresh import World


def stored() -> tuple:
    funnel = {
        tuple(row[:-1]): row[-1]
        for row in db.session.execute(select(*FunnelRollup.__table__.c).where(FunnelRollup.visitors != 0))
    }
    activity = set(db.session.execute(select(*DailyActivity.__table__.c)))
    values = set(db.session.execute(select(*FilterValue.__table__.c)))
    return funnel, activity, values


def test_rebuild_gives_what_the_refreshes_built(app_ctx):
    world = World(random.Random(11))
    for number in range(200):
        world.step()
        if number % 25 == 0:
            world.give_owners()
            db.session.commit()
            refresh_rollups(batch_visitors=4)
    world.give_owners()
    db.session.commit()
    refresh_rollups()
    built = stored()
    assert built[0] and built[1] and built[2]
    queue_everything()
    assert refresh_rollups(batch_visitors=5) == len(world.sessions)
    assert stored() == built
    assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None


def test_demo_data_leaves_the_roll_ups_up_to_date(runner, app):
    result = runner.invoke(args=["demo-data", "--visitors", "80", "--days", "20", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "roll-ups updated" in result.output
    with app.app_context():
        today = utcnow().date()
        first = today - timedelta(days=30)
        raw = db.session.scalar(
            select(func.count(func.distinct(VisitSession.visitor_id))).where(VisitSession.started_at >= first)
        )
        assert raw == 80 and visitors(first, today) == 80
        assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None
    result = runner.invoke(args=["rollups", "rebuild"])
    assert result.exit_code == 0 and "rebuilt from 80 visitors" in result.output
    assert "Folding into the roll-ups (visitors)" in result.output
    result = runner.invoke(args=["rollups", "refresh"])
    assert result.exit_code == 0 and "0 visitors changed" in result.output


def test_the_periodic_job_folds_the_queue_and_a_spent_time_budget_folds_nothing(app_ctx):
    for name in ("a", "b"):
        session(visitor(name), "2026-03-01 10:00")
    db.session.commit()
    assert refresh_rollups(batch_visitors=1, seconds=0) == 0
    assert queued_visitors() == 2
    assert refresh_report_rollups() == 2
    assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None


def test_a_refresh_reports_its_progress_in_visitors_until_the_queue_is_empty(app_ctx):
    for name in ("a", "b", "c"):
        session(visitor(name), "2026-03-01 10:00")
    db.session.commit()
    done = []
    assert refresh_rollups(batch_visitors=2, progress=done.append) == 3
    assert sum(done) == 3 and queued_visitors() == 0
