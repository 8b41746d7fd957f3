"""Migration 0017 turns PostgreSQL's events table into monthly partitions, keeping rows, ids, the
id sequence, indexes and foreign keys; and back."""

from datetime import datetime

import flask_migrate
from sqlalchemy import inspect, text

from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.conftest import app_settings

BEFORE = "0015_erasure"


def insert_event(created_at: datetime) -> int:
    return db.session.execute(
        text(
            "INSERT INTO behaviour_events (visitor_id, event_type, properties, created_at)"
            " VALUES ('v1', 'click', '{}', :at) RETURNING id"
        ),
        {"at": created_at},
    ).scalar_one()


def events() -> list[tuple[int, datetime, str]]:
    rows = db.session.execute(
        text("SELECT id, created_at, tableoid::regclass::text FROM behaviour_events ORDER BY id")
    )
    return [tuple(row) for row in rows]


def test_the_events_keep_their_rows_ids_and_indexes_through_partitioning(postgres_server):
    app = create_app(app_settings(postgres_server.create_database("leadcapture_partitioning")))
    with app.app_context():
        flask_migrate.upgrade(revision=BEFORE)
        db.session.execute(text("INSERT INTO visitors (id, created_at) VALUES ('v1', '2024-01-01')"))
        old = [insert_event(datetime(2024, 11, 5)), insert_event(datetime(2025, 2, 1))]
        db.session.commit()

        flask_migrate.upgrade()
        kept = events()
        assert [(row[0], row[1]) for row in kept] == [
            (old[0], datetime(2024, 11, 5)),
            (old[1], datetime(2025, 2, 1)),
        ]
        assert [row[2] for row in kept] == ["behaviour_events_y2024m11", "behaviour_events_y2025m02"]
        assert insert_event(datetime(2024, 12, 24)) > old[1]  # the id sequence goes on
        indexes = {index["name"] for index in inspect(db.engine).get_indexes("behaviour_events")}
        assert {"ix_behaviour_events_visitor_created", "ix_behaviour_events_type_created"} <= indexes
        db.session.execute(text("DELETE FROM visitors"))  # the foreign key cascades
        assert events() == []
        db.session.execute(text("INSERT INTO visitors (id, created_at) VALUES ('v1', '2024-01-01')"))
        insert_event(datetime(2025, 3, 1))
        db.session.commit()

        flask_migrate.downgrade(revision=BEFORE)
        (back,) = events()
        assert back[1:] == (datetime(2025, 3, 1), "behaviour_events")
        partitioned = db.session.scalar(text("SELECT count(*) FROM pg_partitioned_table"))
        assert partitioned == 0
        db.session.remove()
        db.engine.dispose()
