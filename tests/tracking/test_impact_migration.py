"""Revision 0029 gives every stored event the impact the default table gives it, walking the events a
batch of ids at a time, counts them on their sessions with their tools and tool uses, and its
downgrade takes it all away again (on PostgreSQL, on the partitioned events table)."""

from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import inspect, select, text

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, SessionTool, VisitSession
from leadcapture.tracking.impact import impact_of
from tests.conftest import BACKENDS
from tests.engagement.test_migration import TOOL_USE, TRIGGERS, VISITOR_ROW
from tests.migrating import app_at_revision, timestamped

AT = datetime(2026, 11, 2, 9, 30)
# id: (session, type, name); ids far apart, so that the backfill's batches (50,000 ids) split them.
EVENTS = {
    1: ("first", "form_submit", "contact_form"),
    2: ("first", "tool_usage", "cost_calculator:result"),
    3: ("first", "tool_usage", "cost_calculator:start"),
    49_999: ("first", "tool_usage", "face_analysis"),
    50_000: ("second", "export", "cost_estimate_pdf"),
    50_001: ("second", "error", "TypeError"),
    99_999: ("second", "page_view", None),
    100_000: ("second", "tool_usage", "ai_recommendation:RESULT"),
    150_123: ("second", "click", "book_now"),
    150_124: ("first", "tool_usage", "x:result"),
    150_125: ("first", "tool_usage", "ai_recommendations:start"),
}
TOOL_USES = [("first", "cost_calculator"), ("first", "cost_calculator"), ("second", "ai_recommendation")]
SESSION_ROW = timestamped(
    "INSERT INTO visit_sessions (id, visitor_id, started_at, last_seen_at, active_seconds, referrer_class, "
    "privacy_signal, engagement_score, engagement_level) "
    "VALUES (:id, 'visitor-1', :at, :at, 0, 'direct', false, 0, 'low')",
    "at",
)
EVENT_ROW = timestamped(
    "INSERT INTO behaviour_events (id, visitor_id, session_id, event_type, name, properties, created_at) "
    "VALUES (:id, 'visitor-1', :session, :type, :name, '{}', :at)",
    "at",
)


def old_rows() -> None:
    """Sessions, events and tool uses as 0023 stored them."""
    run = db.session.execute
    run(VISITOR_ROW, {"at": AT})
    for session in ("first", "second", "quiet"):
        run(SESSION_ROW, {"id": session, "at": AT})
    for event_id, (session, event_type, name) in EVENTS.items():
        run(EVENT_ROW, {"id": event_id, "session": session, "type": event_type, "name": name, "at": AT})
    for number, (session, tool) in enumerate(TOOL_USES):
        run(TOOL_USE, {"id": f"use-{number}", "session": session, "tool": tool, "at": AT})
    db.session.commit()


@pytest.mark.parametrize("backend", BACKENDS)
def test_0029_backfills_impact_and_session_analytics_and_its_downgrade_removes_them(
    request, tmp_path, backend
):
    app = app_at_revision(request, tmp_path, backend, "leadcapture_impact_migrating", "0023_feedback_replies")
    with app.app_context():
        old_rows()
        flask_migrate.upgrade(revision="0029_event_impact")

        impacts = dict(db.session.execute(select(BehaviourEvent.id, BehaviourEvent.impact)).all())
        assert impacts == {event_id: impact_of(kind, name) for event_id, (_, kind, name) in EVENTS.items()}
        assert sorted(impacts.values()).count("high") == 4  # form, result, export, x:result
        counts = {
            row.id: (row.events_high, row.events_medium, row.events_low, row.exports)
            for row in db.session.scalars(select(VisitSession))
        }
        assert counts == {"first": (3, 3, 0, 0), "second": (1, 2, 2, 1), "quiet": (0, 0, 0, 0)}
        tools = {
            (row.session_id, row.tool): (row.uses, row.events)
            for row in db.session.scalars(select(SessionTool))
        }
        assert tools == {
            ("first", "cost_calculator"): (2, 2),
            ("first", "face_analysis"): (0, 1),
            ("second", "ai_recommendation"): (1, 1),
        }
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("behaviour_events")}
        assert "ix_behaviour_events_impact_created" in indexes
        db.session.remove()

        flask_migrate.downgrade(revision="0023_feedback_replies")
        inspector = inspect(db.engine)
        assert "impact" not in {column["name"] for column in inspector.get_columns("behaviour_events")}
        assert "events_high" not in {column["name"] for column in inspector.get_columns("visit_sessions")}
        assert not {"session_tools", "event_impact_rules"} & set(inspector.get_table_names())
        assert db.session.scalar(text("SELECT count(*) FROM behaviour_events")) == len(EVENTS)
        assert db.session.scalars(text(TRIGGERS[backend])).all().count("rollup_queue_sessions") == 1
        db.session.remove()
        db.engine.dispose()
