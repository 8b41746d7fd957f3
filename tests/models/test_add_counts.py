"""``add_counts``, which every roll-up writes through: a row of a new key is inserted, a row of a
known key adds its counts, on both databases, for a few rows and for many (which PostgreSQL takes
by COPY through a temporary table, ``STAGED_ROWS`` on)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import DailyActivity
from leadcapture.models.upsert import STAGED_ROWS, add_counts

FIRST = date(2026, 1, 1)


def activity(days: int, sessions: int, tool_uses: int = 0, start: int = 0) -> list[dict]:
    return [
        {"day": FIRST + timedelta(start + index), "sessions": sessions, "tool_uses": tool_uses}
        for index in range(days)
    ]


def stored() -> dict[date, tuple[int, int]]:
    rows = db.session.execute(select(DailyActivity.day, DailyActivity.sessions, DailyActivity.tool_uses))
    return {day: (sessions, uses) for day, sessions, uses in rows}


@pytest.mark.parametrize("days", [1, 2, STAGED_ROWS - 1, STAGED_ROWS, 3 * STAGED_ROWS])
def test_new_keys_are_inserted_and_known_keys_add_their_counts(app_ctx, days):
    table = DailyActivity.__table__
    add_counts(table, activity(days, sessions=2, tool_uses=1), ["sessions", "tool_uses"])
    db.session.commit()
    # Half of them again, the other half new days, in two calls of one transaction.
    add_counts(table, activity(days, sessions=3, start=days // 2), ["sessions", "tool_uses"])
    add_counts(table, activity(days, sessions=5, start=days // 2), ["sessions"])
    db.session.commit()

    counts = stored()
    assert len(counts) == days + days // 2
    for index in range(days + days // 2):
        first, again = index < days, index >= days // 2
        expected = (2 * first + 8 * again, 1 * first)
        assert counts[FIRST + timedelta(index)] == expected, index


def test_rows_added_in_a_transaction_rolled_back_are_not_counted_later(app_ctx):
    table = DailyActivity.__table__
    add_counts(table, activity(STAGED_ROWS, sessions=7), ["sessions"])
    db.session.rollback()
    add_counts(table, activity(STAGED_ROWS, sessions=1), ["sessions"])
    db.session.commit()
    assert set(stored().values()) == {(1, 0)}
