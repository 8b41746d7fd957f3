"""Sending kept rows from jobs (emails, webhook deliveries): a row is claimed for one attempt with a
lease, so two workers never send it twice and one whose worker died is due again after the lease;
a run goes through the due rows within a time budget and leaves the rest to the next run.

The rows' model has ``id``, ``status`` ("pending" until done) and ``next_attempt_at``.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from leadcapture.extensions import db


def claim(model, row_id: int, now: datetime, lease: timedelta) -> bool:
    """Take the pending row ``row_id`` of ``model`` for an attempt if it is due at ``now``; whether
    it was (commits)."""
    claimed = db.session.execute(
        update(model)
        .where(model.id == row_id, model.status == "pending", model.next_attempt_at <= now)
        .values(next_attempt_at=now + lease)
    )
    db.session.commit()
    return claimed.rowcount == 1


def due_ids(model, now: datetime) -> list[int]:
    """The pending rows of ``model`` due at ``now``, oldest first."""
    due = select(model.id).where(model.status == "pending", model.next_attempt_at <= now).order_by(model.id)
    return list(db.session.scalars(due))


def attempt_within(seconds: float, row_ids: Iterable[int], attempt: Callable[[int], object]) -> int:
    """``attempt`` each row while the budget of ``seconds`` lasts; how many it attempted (an attempt
    returning None had nothing to do)."""
    deadline = time.monotonic() + seconds
    attempted = 0
    for row_id in row_ids:
        if time.monotonic() > deadline:
            break  # the next run goes on
        attempted += attempt(row_id) is not None
    return attempted
