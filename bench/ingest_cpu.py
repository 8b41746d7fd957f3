"""CPU per 1,000 events of ``POST /api/v1/events``, in one process: what the throughput of
``bench/ingest.py`` is made of, measured without the noise of other work on the machine.

``python -m bench.ingest_cpu [--batches N] [--no-write]``: migrates a fresh database on a durable
PostgreSQL, posts batches of 1,000 tracker events through Flask's test client (the app frozen for
the cycle collector as ``wsgi.py`` does), and reports the request's CPU time in its thread and in
its PostgreSQL backend per batch, then the app's CPU step by step (the same posts again, a few
functions timed).
"""

import argparse
import gc
import json
import os
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

import leadcapture.blueprints.api.events as api_events
import leadcapture.tracking.events as tracking_events
from bench.ingest import DATABASE, VISITORS, migrate, tracker_events, visitor_id
from bench.results import machine_line, measure_on_postgres
from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.servers import PostgresServer

TITLE = "Ingest CPU per request (events API)"
BATCHES = 100


def backend_seconds(pid: int) -> float:
    """User and system CPU of a local PostgreSQL backend so far (``/proc``)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server: PostgresServer, batches: int = BATCHES) -> dict:
    """Median CPU milliseconds per batch (app thread, backend) and the profile's top functions."""
    database_url = server.create_database(DATABASE)
    migrate(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "API_RATE_LIMIT": "1000000 per minute"})
    client = app.test_client()
    start = datetime.now(UTC) - timedelta(days=1)
    bodies = [
        json.dumps({"visitor_id": visitor_id(batch), "events": tracker_events(batch, start)}).encode()
        for batch in range(VISITORS + batches)
    ]

    def post(body: bytes) -> None:
        response = client.post("/api/v1/events", data=body, content_type="application/json")
        if response.status_code != 202:
            raise RuntimeError(
                f"The events API refused a batch: {response.status_code} {response.data[:300]!r}"
            )

    for body in bodies[:VISITORS]:  # every visitor's session started, every statement prepared
        post(body)
    with app.app_context():  # the one pooled connection the requests, one after another, use
        pid = db.session.scalar(text("SELECT pg_backend_pid()"))
        version = db.session.scalar(text("SHOW server_version"))
    gc.freeze()
    app_ms, backend_ms = [], []
    for body in bodies[VISITORS:]:
        started, backend = time.thread_time(), backend_seconds(pid)
        post(body)
        app_ms.append((time.thread_time() - started) * 1000)
        backend_ms.append((backend_seconds(pid) - backend) * 1000)
    with timed_phases() as phases:
        for body in bodies[VISITORS:]:
            post(body)
    return {
        "app": statistics.median(app_ms),
        "backend": statistics.fmean(backend_ms),  # clock ticks: a median of single requests is 0 or 10
        "phases": {name: seconds * 1000 / batches for name, seconds in phases.items()},
        "batches": batches,
        "postgres": version.split()[0],
    }


# The request's steps, each a function called by name from its module: (module, name, label).
PHASES = (
    (api_events, "json_object", "JSON body, read and parsed"),
    (api_events, "record_events", "record_events (all of the tracker's work)"),
    (tracking_events, "current_impact_table", "impact table (one SELECT)"),
    (tracking_events, "identify", "visitor and session (SELECT, SELECT, UPDATE)"),
    (tracking_events, "store_events", "rows built and written (COPY)"),
)


@contextmanager
def timed_phases() -> Iterator[dict[str, float]]:
    """Thread CPU seconds spent in each of PHASES inside the block (their functions wrapped)."""
    spent = dict.fromkeys([label for _module, _name, label in PHASES], 0.0)
    originals = [(module, name, getattr(module, name)) for module, name, _label in PHASES]
    for (module, name, function), (_module, _name, label) in zip(originals, PHASES, strict=True):
        setattr(module, name, _timed(function, label, spent))
    try:
        yield spent
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def _timed(function, label: str, spent: dict[str, float]):
    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.thread_time() - started

    return timed


def report(result: dict) -> str:
    """The RESULTS.md section for one run."""
    lines = [
        machine_line(result["postgres"]),
        "",
        f"Method: {result['batches']} batches of 1,000 tracker events (as `bench.ingest` posts them) "
        "through Flask's test client in one process, after a warm-up batch per visitor; CPU time of "
        "the request's thread (median) and of its PostgreSQL backend (mean, from `/proc`). "
        "`python -m bench.ingest_cpu`.",
        "",
        f"CPU per 1,000 events: **{result['app']:.1f} ms** in the app, **{result['backend']:.1f} ms** "
        "in PostgreSQL. The app's, step by step (thread CPU per batch, the same posts again with the "
        "steps timed; record_events holds the three below it and the validation):",
        "",
        "| step | ms per batch |",
        "| --- | ---: |",
        *(f"| {label} | {ms:.1f} |" for label, ms in result["phases"].items()),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Measure, print and record the CPU per request."""
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_cpu")
    parser.add_argument("--batches", type=int, default=BATCHES, help=f"timed batches ({BATCHES})")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    measure_on_postgres(TITLE, lambda server: measure(server, args.batches), report, write=not args.no_write)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
