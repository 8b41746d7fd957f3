"""Behaviour events by month: a partition per month on PostgreSQL, whole months removed on both."""

from datetime import date, datetime

from sqlalchemy import insert, select, text

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, Visitor
from leadcapture.models.event_partitions import (
    DEFAULT_PARTITION,
    ensure_months,
    month_of,
    month_partitions,
    remove_months_before,
)
from leadcapture.models.types import utcnow


def add_events(*moments: datetime) -> list[int]:
    if db.session.get(Visitor, "events-visitor") is None:
        db.session.add(Visitor(id="events-visitor", created_at=datetime(2020, 1, 1)))
        db.session.flush()
    rows = [
        {"visitor_id": "events-visitor", "event_type": "page_view", "properties": {}, "created_at": moment}
        for moment in moments
    ]
    ids = db.session.scalars(insert(BehaviourEvent).returning(BehaviourEvent.id), rows).all()
    db.session.commit()
    return list(ids)


def partition_of(event_id: int) -> str:
    return db.session.scalar(
        text("SELECT tableoid::regclass::text FROM behaviour_events WHERE id = :id"), {"id": event_id}
    )


def event_times() -> list[datetime]:
    return list(db.session.scalars(select(BehaviourEvent.created_at).order_by(BehaviourEvent.created_at)))


def test_the_migrated_table_is_partitioned_by_month_with_a_default_partition(postgres_app):
    with postgres_app.app_context():
        strategy = db.session.scalar(
            text("SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'behaviour_events'::regclass")
        )
        assert strategy == "r"  # range
        key = db.session.scalar(text("SELECT pg_get_partkeydef('behaviour_events'::regclass)"))
        assert key == "RANGE (created_at)"
        default = db.session.scalar(text(f"SELECT to_regclass('{DEFAULT_PARTITION}')::text"))
        assert default == DEFAULT_PARTITION
        # the migration made this month's partition and three ahead
        assert month_of(utcnow()) in month_partitions()


def test_new_months_get_partitions_ahead_and_take_over_the_default_partitions_rows(postgres_app):
    with postgres_app.app_context():
        (early,) = add_events(datetime(2031, 7, 15, 12))
        assert partition_of(early) == DEFAULT_PARTITION
        created = ensure_months(datetime(2031, 5, 20))
        db.session.commit()
        assert created == [date(2031, 5, 1), date(2031, 6, 1), date(2031, 7, 1), date(2031, 8, 1)]
        assert partition_of(early) == "behaviour_events_y2031m07"  # moved, same id
        (later,) = add_events(datetime(2031, 8, 31, 23, 59, 59))
        assert partition_of(later) == "behaviour_events_y2031m08"
        assert ensure_months(datetime(2031, 5, 31)) == []  # all there already
        (beyond,) = add_events(datetime(2031, 9, 1))
        assert partition_of(beyond) == DEFAULT_PARTITION


def test_removing_months_drops_their_partitions_and_keeps_the_later_rows(postgres_app):
    with postgres_app.app_context():
        ensure_months(datetime(2020, 1, 1))
        db.session.commit()
        stray = datetime(2019, 11, 30)  # no partition of its own: in the default partition
        add_events(
            stray, datetime(2020, 1, 1), datetime(2020, 1, 31, 23), datetime(2020, 2, 1), datetime(2020, 3, 5)
        )
        done = []
        removed = remove_months_before(date(2020, 2, 1), done.append)
        db.session.commit()
        assert removed == {"events": 3, "partitions": 1}
        assert sum(done) == 3
        assert date(2020, 1, 1) not in month_partitions()
        assert db.session.scalar(text("SELECT to_regclass('behaviour_events_y2020m01')")) is None
        assert event_times() == [datetime(2020, 2, 1), datetime(2020, 3, 5)]
        assert {date(2020, 2, 1), date(2020, 3, 1), date(2020, 4, 1)} <= set(month_partitions())


def test_whole_months_are_removed_on_both_databases(app_ctx):
    add_events(datetime(2019, 1, 31, 23, 59, 59), datetime(2019, 2, 1))
    removed = remove_months_before(date(2019, 2, 1))
    db.session.commit()
    assert removed["events"] == 1
    assert event_times() == [datetime(2019, 2, 1)]


def test_a_bulk_load_of_past_weeks_gets_the_partitions_of_its_months(postgres_app):
    with postgres_app.app_context():
        (early,) = add_events(datetime(2032, 4, 2))
        created = ensure_months(datetime(2032, 6, 10), since=datetime(2032, 3, 31, 23))
        db.session.commit()
        assert created == [date(2032, month, 1) for month in range(3, 10)]  # March to three months ahead
        assert partition_of(early) == "behaviour_events_y2032m04"
