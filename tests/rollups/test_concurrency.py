"""PostgreSQL: rows committed while refreshes run are each counted once."""

import random
import threading
from datetime import date, datetime, timedelta

from leadcapture.extensions import db
from leadcapture.models import VisitSession
from leadcapture.rollups import refresh
from leadcapture.rollups.history import SessionFact, ToolUse, VisitorHistory
from leadcapture.rollups.query import FunnelFilters, step_counts
from leadcapture.rollups.refresh import refresh_rollups
from tests.admin.report_data import session, tool_use, visitor
from tests.rollups.brute_force import expected_counts

START = date(2026, 3, 1)


def write_visits(
    app, seed: int, written: dict, start: threading.Barrier, visitors: int = 40, visits: int = 150
) -> None:
    """Sessions and tool uses of ``visitors`` visitors, each visit committed on its own, from ``start``."""
    rng = random.Random(seed)
    with app.app_context():
        names = [visitor(f"w{seed}-{number}") for number in range(visitors)]
        db.session.commit()
        start.wait(timeout=30)
        for _ in range(visits):
            who, day = rng.choice(names), START + timedelta(days=rng.randrange(5))
            moment = f"{day.isoformat()} 10:00"
            ref = session(who, moment, device=rng.choice(["mobile", "desktop"]))
            uses = rng.random() < 0.5
            if uses:
                tool_use(who, ref, "cost_calculator", moment)
            db.session.commit()
            written.setdefault(who, []).append((day, uses))
        db.session.remove()


def test_rows_written_during_refreshes_are_counted_once(postgres_app):
    written: dict = {}
    start, stop = threading.Barrier(4), threading.Event()
    writers = [
        threading.Thread(target=write_visits, args=(postgres_app, seed, written, start)) for seed in (1, 2)
    ]

    def refresh_until_stopped():
        with postgres_app.app_context():
            start.wait(timeout=30)
            while not stop.is_set():
                refresh_rollups(batch_visitors=7)
            db.session.remove()

    refreshers = [threading.Thread(target=refresh_until_stopped) for _ in range(2)]
    for thread in writers + refreshers:
        thread.start()
    for thread in writers:
        thread.join()
    stop.set()
    for thread in refreshers:
        thread.join()
    with postgres_app.app_context():
        refresh_rollups()
        histories = [
            VisitorHistory(
                sessions=tuple(
                    SessionFact(str(n), day, None, None, None) for n, (day, _) in enumerate(visits)
                ),
                tool_uses=tuple(
                    ToolUse(str(n), day, "cost_calculator") for n, (day, used) in enumerate(visits) if used
                ),
            )
            for visits in written.values()
        ]
        for first_offset in range(5):
            for last_offset in range(first_offset, 5):
                first, last = START + timedelta(days=first_offset), START + timedelta(days=last_offset)
                got = step_counts(first, last)[:2]
                assert got == expected_counts(histories, first, last, FunnelFilters())[:2], (first, last)
        db.session.remove()


def test_a_row_committed_while_a_refresh_reads_waits_for_the_next_refresh(postgres_app, monkeypatch):
    with postgres_app.app_context():
        session(visitor("late"), "2026-03-02 10:00")
        db.session.commit()
        real_load = refresh.load_histories

        def load_then_another_visit(batch):
            histories = real_load(batch)
            with db.engine.begin() as other:  # another transaction commits meanwhile
                other.execute(
                    VisitSession.__table__.insert().values(
                        id="late-2",
                        visitor_id="late",
                        started_at=datetime(2026, 3, 4, 9),
                        last_seen_at=datetime(2026, 3, 4, 9),
                        active_seconds=0,
                        referrer_class="direct",
                        privacy_signal=False,
                    )
                )
            return histories

        monkeypatch.setattr(refresh, "load_histories", load_then_another_visit)
        refresh_rollups()
        assert step_counts(date(2026, 3, 4), date(2026, 3, 4))[0] == 0  # not counted yet...
        monkeypatch.setattr(refresh, "load_histories", real_load)
        refresh_rollups()
        assert step_counts(date(2026, 3, 4), date(2026, 3, 4))[0] == 1  # ...then once
        assert step_counts(date(2026, 3, 1), date(2026, 3, 5))[0] == 1
        db.session.remove()
