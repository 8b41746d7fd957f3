"""`flask privacy purge` shows its progress and what it removed per data type; the daily job runs
the same purge."""

from datetime import timedelta

from sqlalchemy import select
from werkzeug.utils import import_string

from leadcapture.extensions import db
from leadcapture.jobs.table import JOBS
from leadcapture.models import BehaviourEvent, Visitor
from leadcapture.models.types import utcnow
from leadcapture.privacy.retention import purge_job
from tests.admin.report_data import session


def old_visitor(visitor_id: str, days_ago: int) -> None:
    seen = utcnow() - timedelta(days=days_ago)
    db.session.add(Visitor(id=visitor_id, created_at=seen))
    db.session.flush()
    session_id = session(visitor_id, seen.isoformat(sep=" "))
    db.session.add(
        BehaviourEvent(visitor_id=visitor_id, session_id=session_id, event_type="click", created_at=seen)
    )
    db.session.commit()


def test_the_command_shows_progress_and_what_went_per_data_type(app, runner):
    with app.app_context():
        old_visitor("old", 500)
        old_visitor("recent", 10)
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    # each step's progress bar, then what it removed
    assert lines[:2] == [
        "Anonymous visitors",
        "Anonymous visitors, 395 days old, removed: visitors 1, sessions 1, interactions 0, events 1,"
        " prompts 0, scores 0, media 0",
    ]
    assert lines[2] == "Behaviour events"
    assert lines[3].startswith(
        "Behaviour events, 395 days old, removed: events 0"
    )  # (PostgreSQL: partitions 0)
    assert lines[4:6] == ["Face photos", "Face photos, 0 days old, removed: photos 0"]
    assert lines[6:8] == [
        "Recommendation photos and voice notes",
        "Recommendation photos and voice notes, 30 days old, removed: files 0",
    ]
    with app.app_context():
        assert list(db.session.scalars(select(Visitor.id))) == ["recent"]


def test_the_daily_job_is_in_the_job_table_and_runs_the_purge(app_ctx):
    job = JOBS["privacy-purge"]
    assert (job.queue, job.period) == ("maintenance", 24 * 3600)
    assert import_string(job.function) is purge_job
    old_visitor("old", 500)
    totals = purge_job()
    assert totals["visitors"] == 1 and totals["sessions"] == 1 and totals["events"] == 1
    assert db.session.scalar(select(Visitor.id)) is None
