"""Events API ingestion against a raw bulk insert, on a real PostgreSQL with fsync on.

``python -m bench.ingest`` (also run by ``python -m bench``): starts PostgreSQL with its default
durability, migrates a fresh database, serves the app with gunicorn, posts batches of 1,000 events
to ``POST /api/v1/events`` from a few HTTP clients, then inserts the same rows straight into
``behaviour_events`` with psycopg (committed per 1,000 rows, like the API), and writes the rates and
the ratio of the API to COPY to ``bench/RESULTS.md``. ``--batches`` and ``--rounds`` make a smaller
run, ``--no-write`` leaves RESULTS.md alone.
"""

import argparse
import http.client
import json
import threading
import time
from datetime import UTC, datetime, timedelta
from queue import Empty, SimpleQueue

import flask_migrate
import psycopg
from psycopg.types.json import Jsonb

from bench.results import machine_line, measure_on_postgres
from bench.serving import Gunicorn
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from tests.servers import PostgresServer

TITLE = "Ingest (events API)"
GOAL = 0.7
BATCH_SIZE = 1000
BATCHES = 40
ROUNDS = 3
VISITORS = 10
WARMUP_BATCHES = VISITORS
CLIENTS = 3
WORKERS = 2
EVENT_TYPES = ("page_view", "click", "content_interaction", "tool_usage", "navigation")
COLUMNS = (
    "visitor_id",
    "session_id",
    "event_type",
    "name",
    "properties",
    "page_url",
    "client_timestamp",
    "created_at",
)
DATABASE = "leadcapture_bench"


def tracker_events(batch: int, start: datetime) -> list[dict]:
    """BATCH_SIZE events as the JavaScript tracker sends them."""
    events = []
    for index in range(BATCH_SIZE):
        moment = start + timedelta(seconds=batch * BATCH_SIZE + index)
        event_type = EVENT_TYPES[index % len(EVENT_TYPES)]
        events.append(
            {
                "type": event_type,
                "name": f"{event_type} {index % 40}",
                "page_url": f"https://www.glowclinic.example/treatments/{index % 50}",
                "properties": {"index": index, "depth": index % 100},
                "timestamp": moment.isoformat().replace("+00:00", "Z"),
            }
        )
    return events


def visitor_id(batch: int) -> str:
    return f"benchvisitor{batch % VISITORS:08d}"


def post_batches(port: int, bodies: list[bytes]) -> float:
    """POST every body from CLIENTS keep-alive clients; the seconds it took."""
    queue: SimpleQueue[bytes] = SimpleQueue()
    for body in bodies:
        queue.put(body)
    failures: list[str] = []

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        while not failures:
            try:
                body = queue.get_nowait()
            except Empty:
                break
            connection.request("POST", "/api/v1/events", body, headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != 202 or json.loads(answer)["accepted"] != BATCH_SIZE:
                failures.append(f"{response.status} {answer[:300]!r}")
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"The events API refused a batch: {failures[0]}")
    return time.perf_counter() - started


def raw_rows(conn: psycopg.Connection, batches: list[list[dict]]) -> list[list[tuple]]:
    """The API's rows again, for the sessions the API run made: one list of tuples per batch."""
    sessions = dict(
        conn.execute("SELECT DISTINCT ON (visitor_id) visitor_id, id FROM visit_sessions ORDER BY visitor_id")
    )
    return [
        [
            (
                visitor_id(batch),
                sessions[visitor_id(batch)],
                event["type"],
                event["name"],
                Jsonb(event["properties"]),
                event["page_url"],
                datetime.fromisoformat(event["timestamp"]).replace(tzinfo=None),
                utcnow(),
            )
            for event in events
        ]
        for batch, events in enumerate(batches)
    ]


def insert_copy(conn: psycopg.Connection, batches: list[list[tuple]]) -> float:
    """``COPY ... FROM STDIN`` row by row (``write_row``), one transaction per batch."""
    query = f"COPY behaviour_events ({', '.join(COLUMNS)}) FROM STDIN"
    started = time.perf_counter()
    for rows in batches:
        with conn.transaction(), conn.cursor() as cursor, cursor.copy(query) as copy:
            for row in rows:
                copy.write_row(row)
    return time.perf_counter() - started


def insert_executemany(conn: psycopg.Connection, batches: list[list[tuple]]) -> float:
    """psycopg's pipelined executemany, one transaction per batch; the seconds it took."""
    query = f"INSERT INTO behaviour_events ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
    started = time.perf_counter()
    for rows in batches:
        with conn.transaction(), conn.cursor() as cursor:
            cursor.executemany(query, rows)
    return time.perf_counter() - started


def insert_multirow(conn: psycopg.Connection, batches: list[list[tuple]]) -> float:
    """One multi-row INSERT per batch (native ``$n`` placeholders), one transaction each."""
    width = len(COLUMNS)
    values = ", ".join(
        "(" + ", ".join(f"${row * width + column + 1}" for column in range(width)) + ")"
        for row in range(BATCH_SIZE)
    )
    query = f"INSERT INTO behaviour_events ({', '.join(COLUMNS)}) VALUES {values}"
    started = time.perf_counter()
    for rows in batches:
        with conn.transaction(), psycopg.RawCursor(conn) as cursor:
            cursor.execute(query, [value for row in rows for value in row])
    return time.perf_counter() - started


def insert_unnest(conn: psycopg.Connection, batches: list[list[tuple]]) -> float:
    """One INSERT ... SELECT FROM unnest() of column arrays per batch, one transaction each."""
    types = ("varchar", "varchar", "varchar", "varchar", "jsonb", "text", "timestamp", "timestamp")
    arrays = ", ".join(f"%s::{name}[]" for name in types)
    query = f"INSERT INTO behaviour_events ({', '.join(COLUMNS)}) SELECT * FROM unnest({arrays})"
    started = time.perf_counter()
    for rows in batches:
        with conn.transaction():
            conn.execute(query, [list(column) for column in zip(*rows, strict=True)])
    return time.perf_counter() - started


COPY = "COPY ... FROM STDIN (write_row)"
RAW_METHODS = {
    COPY: insert_copy,
    "psycopg executemany (pipelined)": insert_executemany,
    "one multi-row INSERT (native $n placeholders)": insert_multirow,
    "one INSERT ... SELECT FROM unnest(column arrays)": insert_unnest,
}


def migrate(database_url: str) -> None:
    """Bring a fresh database to the newest schema, as ``flask db upgrade`` does."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


def measure(server: PostgresServer, batches: int = BATCHES, rounds: int = ROUNDS) -> dict:
    """Rates of the API and of each raw insert: the best of ``rounds`` interleaved rounds each."""
    database_url = server.create_database(DATABASE)
    migrate(database_url)
    start = datetime.now(UTC) - timedelta(days=1)
    events = [tracker_events(batch, start) for batch in range(batches)]
    bodies = [
        json.dumps({"visitor_id": visitor_id(batch), "events": batch_events}).encode()
        for batch, batch_events in enumerate(events)
    ]
    best: dict[str, float] = {}
    with (
        Gunicorn(database_url, workers=WORKERS, API_RATE_LIMIT="1000000 per minute") as api,
        psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname={DATABASE}") as conn,
    ):
        post_batches(api.port, bodies[:WARMUP_BATCHES])  # also starts every visitor's session
        rows = raw_rows(conn, events)
        for _round in range(rounds):
            seconds = {"events API": post_batches(api.port, bodies)}
            seconds.update((method, insert(conn, rows)) for method, insert in RAW_METHODS.items())
            for method, elapsed in seconds.items():
                best[method] = max(best.get(method, 0.0), len(bodies) * BATCH_SIZE / elapsed)
        stored = conn.execute("SELECT count(*) FROM behaviour_events").fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
    expected = (min(WARMUP_BATCHES, batches) + rounds * (1 + len(RAW_METHODS)) * batches) * BATCH_SIZE
    if stored != expected:
        raise RuntimeError(f"{stored} events stored, not {expected}: the API lost some")
    return {
        "api": best.pop("events API"),
        "raw": best,
        "postgres": version.split()[0],
        "batches": batches,
        "rounds": rounds,
    }


def report(result: dict) -> str:
    """The RESULTS.md section for one run."""
    ratio = result["api"] / result["raw"][COPY]
    lines = [
        machine_line(result["postgres"]),
        "",
        f"Method: {result['rounds']} rounds, each of {result['batches']} batches of {BATCH_SIZE:,} valid "
        f"events posted to `POST /api/v1/events` of the app under gunicorn ({WORKERS} sync workers) by "
        f"{CLIENTS} threads of `http.client` ({VISITORS} visitors, after {WARMUP_BATCHES} warm-up "
        "batches), then the same rows inserted into `behaviour_events` of the same database in each raw "
        "way below, over one psycopg 3 connection, one transaction per 1,000 rows like the API. Each "
        "rate is the best of its rounds (other work on the machine only ever slows a round down). The "
        "API gets two processes, a raw insert one connection. `python -m bench.ingest`.",
        "",
        "| measure (1,000 rows per transaction) | rate |",
        "| --- | ---: |",
        f"| events API | {result['api']:,.0f} events/s |",
        *(f"| raw: {method} | {rate:,.0f} rows/s |" for method, rate in result["raw"].items()),
        "",
        f"Ratio API / raw COPY: **{ratio:.2f}**; goal at least {GOAL}: "
        f"{'met' if ratio >= GOAL else '**not met**'}.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure, print and record the ingest benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest")
    parser.add_argument(
        "--batches", type=int, default=BATCHES, help=f"batches of 1,000 events per round ({BATCHES})"
    )
    parser.add_argument(
        "--rounds", type=int, default=ROUNDS, help=f"rounds, the best of which counts ({ROUNDS})"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    measure_on_postgres(
        TITLE, lambda server: measure(server, args.batches, args.rounds), report, write=not args.no_write
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
