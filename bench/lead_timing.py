"""How long ``POST /api/v1/leads`` takes for a known email against a new one: the answer must not
tell them apart, by its content (tests/api/test_known_email.py) or by its timing.

``python -m bench.lead_timing [--requests N]`` (also run by ``python -m bench``): on a fresh SQLite
file and a fresh durable PostgreSQL, migrates, seeds, makes N known leads (each a visitor who used
the cost calculator and left a name, phone and company), then, from a new browser each time (no
cookie: a new visitor, as a prober would be), submits a stranger's details for the i-th known email
and for a new email, alternating which goes first, timed in process with Flask's test client (the
whole request: routing, validation, the database work and the answer). Writes the
``## Lead answer timing`` section of ``bench/RESULTS.md``.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import psycopg
from flask import Flask

from bench.admin import percentile
from bench.results import machine_line, on_postgres, publish
from bench.tools import prepare
from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.servers import PostgresServer

TITLE = "Lead answer timing"
REQUESTS = 200
WARMUP = 10
# Within noise: the medians may differ by this share at most.
GOAL_RATIO = 0.10
DATABASE = "leadcapture_lead_timing"
CALCULATOR = {"procedures": ["botox", "dermal_fillers"], "budget_range": "5k_10k", "urgency": "within_month"}
STRANGER = {
    "name": "Mallory Doe",
    "phone": "+1 212 555 0199",
    "company": "Nosy Inc",
    "consent_marketing": False,
}


def known_email(index: int) -> str:
    return f"patient{index:05d}@example.com"


def app_for(database_url: str) -> Flask:
    """The app on ``database_url``, without a rate limit in the way or timers of its own."""
    settings = {"API_RATE_LIMIT": "1000000 per minute", "INLINE_SWEEPER": False}
    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, **settings})


def make_known_leads(app, count: int) -> None:
    """``count`` leads, each from a visitor who used the calculator and left their details."""
    for index in range(count):
        client = app.test_client()
        client.post("/api/v1/tools/cost_calculator", json=CALCULATOR)
        details = {"email": known_email(index), "name": f"Patient {index}", "phone": "+1 415 555 0100"}
        answer = client.post("/api/v1/leads", json=details | {"company": "Clinic", "consent_marketing": True})
        if answer.status_code != 201:
            raise RuntimeError(f"Making a known lead failed: {answer.status_code} {answer.get_json()}")


def timed_submission(app, email: str) -> float:
    """Seconds for one submission from a new browser; raises unless it is accepted."""
    client = app.test_client()
    started = time.perf_counter()
    answer = client.post("/api/v1/leads", json={"email": email, **STRANGER})
    seconds = time.perf_counter() - started
    if answer.status_code != 201:
        raise RuntimeError(f"{email}: {answer.status_code} {answer.get_json()}")
    return seconds


def time_both(app: Flask, requests: int, warmup: int = WARMUP) -> dict[str, list[float]]:
    """Known and new submissions, interleaved (which goes first alternates), after a warm-up."""
    times: dict[str, list[float]] = {"known": [], "new": []}
    make_known_leads(app, requests + warmup)
    for index in range(requests + warmup):
        emails = {"known": known_email(index), "new": f"newcomer{index:05d}@example.com"}
        for kind in ("known", "new") if index % 2 else ("new", "known"):
            seconds = timed_submission(app, emails[kind])
            if index >= warmup:
                times[kind].append(seconds)
    return times


def time_on(database_url: str, requests: int) -> dict[str, list[float]]:
    """``time_both`` on a fresh database, migrated and seeded."""
    prepare(database_url)
    app = app_for(database_url)
    try:
        return time_both(app, requests)
    finally:
        with app.app_context():
            db.engine.dispose()


def on_sqlite(requests: int) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        return time_on(f"sqlite:///{Path(folder) / 'timing.db'}", requests)


def on_postgresql(server: PostgresServer, requests: int) -> tuple[dict[str, list[float]], str]:
    times = time_on(server.create_database(DATABASE), requests)
    with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres") as conn:
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    return times, version


def summary(times: dict[str, list[float]]) -> dict[str, float]:
    """Median and 95th percentile in ms of each kind, and known / new for both."""
    values = {
        f"{kind}_{name}": measure(seconds) * 1000
        for kind, seconds in times.items()
        for name, measure in (("median", statistics.median), ("p95", lambda s: percentile(s, 0.95)))
    }
    values["median_ratio"] = values["known_median"] / values["new_median"]
    values["p95_ratio"] = values["known_p95"] / values["new_p95"]
    return values


def report(results: dict[str, dict[str, float]], requests: int, postgres: str, load: tuple) -> str:
    """The RESULTS.md section: a row per database."""
    rows = [
        f"| {backend} | {r['known_median']:.2f} / {r['known_p95']:.2f} | {r['new_median']:.2f} / "
        f"{r['new_p95']:.2f} | **{r['median_ratio']:.2f}** / {r['p95_ratio']:.2f} |"
        for backend, r in results.items()
    ]
    worst = max(abs(r["median_ratio"] - 1) for r in results.values())
    return "\n".join(
        [
            machine_line(postgres, load=load),
            "",
            f"Method: on each database, fresh and migrated with the catalog and default rules, "
            f"{requests + WARMUP:,} known leads (a visitor each who used the cost calculator and left "
            "a name, phone and company); then, from a new browser each time (no cookie, so a new "
            f"visitor, as someone probing emails would be), a stranger's name, phone and company "
            f"submitted to `POST /api/v1/leads` for the i-th known email and for a new one, "
            f"alternating which goes first; the first {WARMUP} pairs are a warm-up, {requests:,} "
            "pairs are timed. In process with Flask's test client (the whole request: routing, "
            "validation, the database work, the answer). `python -m bench.lead_timing`.",
            "",
            "| database | known email: median / p95 (ms) | new email: median / p95 (ms) | known / new |",
            "| --- | ---: | ---: | ---: |",
            *rows,
            "",
            "Both answer 201 with the same keys and send the same sequence of SQL statements, kind and "
            f"table (tests/api/test_known_email.py). Goal: medians within {GOAL_RATIO:.0%} of each other: "
            f"{'met' if worst <= GOAL_RATIO else '**not met**'} (largest difference {worst:.0%}).",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    """Measure on SQLite and PostgreSQL, print and record the section."""
    parser = argparse.ArgumentParser(prog="python -m bench.lead_timing")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="timed pairs per database")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    load_before = os.getloadavg()[0]
    sqlite = summary(on_sqlite(args.requests))
    postgres_times, version = on_postgres(lambda server: on_postgresql(server, args.requests))
    results = {"SQLite": sqlite, "PostgreSQL": summary(postgres_times)}
    publish(
        TITLE, report(results, args.requests, version, (load_before, os.getloadavg()[0])), not args.no_write
    )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
