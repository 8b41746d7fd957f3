"""``upsert``, which the insights, the visitor scores and the analytics days write through: a
new key is inserted, a known key gets the row's values, on both databases, for a few rows and for
many (which PostgreSQL takes by COPY through a temporary table, ``STAGED_ROWS`` on)."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from leadcapture.extensions import db
from leadcapture.models import ToolStepDay, Visitor, VisitorInsight
from leadcapture.models.upsert import STAGED_ROWS, upsert
from leadcapture.reports.analytics.tool_step_days import KEYS

NOW = datetime(2026, 12, 8, 9, 0)


def insight(number: int, sessions: int) -> dict:
    """A whole row, as the insights refresh writes it."""
    return {
        "visitor_id": f"visitor-{number:04d}",
        **{column: 0 for column in ("tool_uses", "events_high", "events_medium", "events_low", "exports")},
        "sessions": sessions,
        "bookings": number % 2,
        "first_activity_at": NOW,
        "last_activity_at": NOW,
        "last_booking_at": None,
        "tool_counts": {"cost_calculator": [sessions, 2 * sessions]},
        "primary_tool": "cost_calculator",
        "weeks": {"2026-12-07": {"sessions": sessions}},
        "ended_on_high_intent": False,
        "abandoned_form": sessions > 2,
        "abandoned_booking": False,
        "updated_at": NOW,
    }


@pytest.mark.parametrize("visitors", [1, STAGED_ROWS - 1, STAGED_ROWS, 3 * STAGED_ROWS])
def test_new_keys_are_inserted_and_known_keys_take_the_new_values(app_ctx, visitors):
    db.session.execute(
        insert(Visitor), [{"id": f"visitor-{n:04d}", "created_at": NOW} for n in range(2 * visitors)]
    )
    assert len(insight(0, 1)) == len(VisitorInsight.__table__.columns)  # every column: staged from 100
    upsert(VisitorInsight, [insight(n, sessions=1) for n in range(visitors)], "visitor_id")
    db.session.commit()
    # The second half again with new values, and as many new visitors.
    upsert(
        VisitorInsight,
        [insight(n, sessions=3) for n in range(visitors // 2, visitors + visitors // 2)],
        "visitor_id",
    )
    db.session.commit()

    stored = {
        row.visitor_id: (row.sessions, row.abandoned_form, row.tool_counts, row.weeks)
        for row in db.session.scalars(select(VisitorInsight))
    }
    assert len(stored) == visitors + visitors // 2
    for number in range(visitors + visitors // 2):
        sessions = 3 if number >= visitors // 2 else 1
        expected = (
            sessions,
            sessions > 2,
            {"cost_calculator": [sessions, 2 * sessions]},
            {"2026-12-07": {"sessions": sessions}},
        )
        assert stored[f"visitor-{number:04d}"] == expected, number


@pytest.mark.parametrize("days", [2, STAGED_ROWS])
def test_a_key_of_several_columns(app_ctx, days):
    def steps(sessions: int, start: int = 0) -> list[dict]:
        return [
            {
                "day": date(2026, 1, 1) + timedelta(start + n),
                "tool": "cost_calculator",
                "step": "result",
                "last_event": "",
                "sessions": sessions,
            }
            for n in range(days)
        ]

    upsert(ToolStepDay, steps(sessions=4), KEYS)
    upsert(ToolStepDay, steps(sessions=9, start=days // 2), KEYS)
    db.session.commit()
    stored = dict(db.session.execute(select(ToolStepDay.day, ToolStepDay.sessions)).all())
    assert sorted(stored.values()) == [4] * (days // 2) + [9] * days
