"""Revision 0021 backfills every existing session's engagement as ``measure`` computes it, and its
downgrade drops the columns again."""

from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import inspect, select, text

from leadcapture.engagement import SessionActivity, measure
from leadcapture.extensions import db
from leadcapture.models import VisitSession
from tests.conftest import BACKENDS
from tests.migrating import app_at_revision, timestamped

AT = datetime(2026, 11, 2, 9, 30)
AI, COST, FACE, BOOKING = "ai_recommendation", "cost_calculator", "face_analysis", "appointment_booking"
# session: (active seconds, tools used in order, prompt state or None, expected score and level)
SESSIONS = {
    "quiet": (0, [], None, (0, "low")),
    "brief": (299, [COST], "offered", (1, "low")),
    "started": (300, [AI, COST, AI], "interacted_at", (6, "high")),
    "submitted": (600, [COST], "submitted_at", (5, "medium")),
    "booked": (1200, [AI, AI, FACE, AI, AI, AI, BOOKING], "submitted_at", (12, "very_high")),
    "long": (3600, [], None, (3, "medium")),
}


VISITOR_ROW = timestamped("INSERT INTO visitors (id, created_at) VALUES ('visitor-1', :at)", "at")
SESSION_ROW = timestamped(
    "INSERT INTO visit_sessions (id, visitor_id, started_at, last_seen_at, active_seconds, referrer_class, "
    "privacy_signal) VALUES (:id, 'visitor-1', :at, :at, :active, 'direct', false)",
    "at",
)
TOOL_USE = timestamped(
    "INSERT INTO interactions (id, visitor_id, session_id, tool, data, input_hash, created_at) "
    "VALUES (:id, 'visitor-1', :session, :tool, '{}', :id, :at)",
    "at",
)
PROMPT = timestamped(
    "INSERT INTO contact_prompts (id, visitor_id, session_id, fields, score, status, offered_at, "
    "interacted_at, submitted_at) VALUES (:id, 'visitor-1', :id, '[]', 60, 'offered', :at, :interacted_at, "
    ":submitted_at)",
    "at",
    "interacted_at",
    "submitted_at",
)
TRIGGERS = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    "postgresql": "SELECT tgname FROM pg_trigger WHERE tgrelid = 'visit_sessions'::regclass",
}


def old_sessions() -> None:
    """The sessions above with their tool uses and prompts, as 0019 stored them."""
    run = db.session.execute
    run(VISITOR_ROW, {"at": AT})
    for session, (active, tools, prompt, _) in SESSIONS.items():
        run(SESSION_ROW, {"id": session, "at": AT, "active": active})
        for number, tool in enumerate(tools):
            run(TOOL_USE, {"id": f"{session}-{number}", "session": session, "tool": tool, "at": AT})
        if prompt:
            answered = {"interacted_at": None, "submitted_at": None}
            if prompt in answered:
                answered[prompt] = AT
            run(PROMPT, {"id": session, "at": AT, **answered})
    db.session.commit()


def expected(session: str) -> tuple[int, str]:
    active, tools, prompt, _ = SESSIONS[session]
    uses = {tool: tools.count(tool) for tool in tools}
    activity = SessionActivity(
        active, uses, prompt in ("interacted_at", "submitted_at"), prompt == "submitted_at"
    )
    engagement = measure(activity)
    return engagement.score, engagement.level


@pytest.mark.parametrize("backend", BACKENDS)
def test_0021_backfills_each_session_s_engagement_and_its_downgrade_drops_it(request, tmp_path, backend):
    app = app_at_revision(request, tmp_path, backend, "leadcapture_engagement_migrating", "0019_admin_audit")
    with app.app_context():
        old_sessions()
        flask_migrate.upgrade(revision="0021_session_engagement")

        stored = {
            row.id: (row.engagement_score, row.engagement_level)
            for row in db.session.execute(
                select(VisitSession.id, VisitSession.engagement_score, VisitSession.engagement_level)
            )
        }
        assert stored == {session: facts[3] for session, facts in SESSIONS.items()}
        assert stored == {session: expected(session) for session in SESSIONS}
        db.session.remove()

        flask_migrate.downgrade(revision="-1")
        columns = {column["name"] for column in inspect(db.engine).get_columns("visit_sessions")}
        assert "engagement_score" not in columns and "active_seconds" in columns
        # Plain ALTER TABLE: the roll-up trigger on visit_sessions is still there.
        assert db.session.scalars(text(TRIGGERS[backend])).all().count("rollup_queue_sessions") == 1
        db.session.remove()
        db.engine.dispose()
