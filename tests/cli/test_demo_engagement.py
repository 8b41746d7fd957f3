"""`flask demo-data` gives every session the engagement the tracker would have kept for it."""

from collections import Counter

from sqlalchemy import select

from leadcapture.engagement import ENGAGEMENT_LEVELS, measure
from leadcapture.engagement.store import load_activity
from leadcapture.extensions import db
from leadcapture.models import VisitSession
from tests.cli.demo_loads import demo_data


def test_demo_sessions_carry_the_engagement_their_rows_give(runner, app):
    demo_data(runner, "--visitors", "400", "--seed", "9", "--leads-rate", "0.5")
    with app.app_context():
        sessions = db.session.scalars(select(VisitSession)).all()
        levels = Counter(session.engagement_level for session in sessions)
        for session in sessions:
            kept = measure(load_activity(session))
            assert (session.engagement_score, session.engagement_level) == (kept.score, kept.level)
    assert set(levels) == set(ENGAGEMENT_LEVELS)
    assert levels["low"] > levels["medium"] > levels["very_high"]
