"""Fitting suggested points on 100,000 leads, on a real PostgreSQL with fsync on.

``python -m bench.fit`` (also run by ``python -m bench``): starts PostgreSQL, migrates a fresh
database, publishes the default rules and inserts leads over 90 days whose score breakdowns name
the rules that fired (each bonus for a third of the leads, one base rule each) and whose outcome
(won) is planted: twice as likely after the urgency rule. Then times ``suggest()`` — reading the
leads, the time split, the fit and the held-out evaluation — ``RUNS`` times. Goal: under 10 s.
Writes the ``## Suggested points fit (PostgreSQL)`` section of ``bench/RESULTS.md``.
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from sqlalchemy import insert

from bench.admin import server_version
from bench.ingest import migrate
from bench.results import machine_line, measure_on_postgres
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.learning.suggest import suggest
from leadcapture.models import Lead
from leadcapture.models.types import utcnow
from leadcapture.reports.period import Period
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.seed import seed_default_rules
from tests.servers import PostgresServer

TITLE = "Suggested points fit (PostgreSQL)"
GOAL_SECONDS = 10.0
LEADS = 100_000
DAYS = 90
RUNS = 3
BATCH = 5_000
SEED = 20261206
DATABASE = "leadcapture_fit"
URGENCY = "Immediate urgency"


def lead_row(number: int, now, rules, chance: random.Random) -> dict:
    """One lead with planted fired rules and outcome."""
    bases = [rule for rule in rules if rule.kind == "base"]
    fired = [chance.choice(bases)] + [
        rule for rule in rules if rule.kind == "bonus" and chance.random() < 1 / 3
    ]
    won = chance.random() < (0.2 if any(rule.name == URGENCY for rule in fired) else 0.1)
    at = now - timedelta(seconds=chance.randrange(DAYS * 86_400))
    breakdown = [
        {"rule": rule.name, "kind": rule.kind, "points": rule.points, "matches": 1} for rule in fired
    ]
    return {
        "email": f"fit{number}@example.com",
        "status": "won" if won else "new",
        "score": min(100, sum(rule.points for rule in fired)),
        "score_breakdown": breakdown,
        "created_at": at,
        "updated_at": at,
    }


def measure(server: PostgresServer, leads: int) -> dict:
    """Seed ``leads`` planted leads, then time ``suggest()`` ``RUNS`` times; the timings."""
    database_url = server.create_database(DATABASE)
    migrate(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        seed_default_rules()
        rules, now, chance = live_rules().compiled.active_rules, utcnow(), random.Random(SEED)
        for first in range(0, leads, BATCH):
            rows = [
                lead_row(number, now, rules, chance) for number in range(first, min(leads, first + BATCH))
            ]
            db.session.execute(insert(Lead), rows)
            db.session.commit()
        period = Period((now - timedelta(days=DAYS)).date(), now.date())
        timings = []
        for _run in range(RUNS):
            db.session.expire_all()
            started = time.perf_counter()
            result = suggest("won", period, rules)
            timings.append(time.perf_counter() - started)
        db.engine.dispose()
    return {"postgres": server_version(app), "leads": leads, "timings": timings, "result": result}


def report(result: dict) -> str:
    """The section's markdown."""
    timings, fit = result["timings"], result["result"]
    worst = max(timings)
    quality = (
        fit.message
        if fit.message
        else f"held-out AUC {fit.current.auc:.3f} with the default points, {fit.suggested.auc:.3f} suggested"
    )
    return (
        f"{machine_line(result['postgres'])}\n\n"
        f"`suggest()` (read the leads, time split, fit, held-out evaluation) on {result['leads']:,} leads, "
        f"{RUNS} runs: median {statistics.median(timings):.2f} s, slowest {worst:.2f} s "
        f"(goal < {GOAL_SECONDS:.0f} s: {'met' if worst < GOAL_SECONDS else 'NOT met'}); {quality}."
    )


def main(argv: list[str] | None = None) -> None:
    """Measure, print and record the fit benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench.fit")
    parser.add_argument("--leads", type=int, default=LEADS, help="leads (default 100,000)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    measure_on_postgres(TITLE, lambda server: measure(server, args.leads), report, write=not args.no_write)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
