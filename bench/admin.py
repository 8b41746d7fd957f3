"""Every admin page with a lot of data, on a real PostgreSQL with fsync on.

``python -m bench.admin`` (also run by ``python -m bench``): starts PostgreSQL with its default
durability, migrates a fresh database, seeds the catalog and the default rules, writes demo data
with ``flask demo-data``'s generator and writer (``VISITORS`` visitors give about 1M interactions
and 100k leads), updates the report roll-ups as that command does, runs ``VACUUM ANALYZE`` (what
autovacuum does after a bulk load) and creates an admin user. Then it times the admin pages
through a signed-in Flask test client in this process (the app and the database; no HTTP server
in between): every GET route of the admin blueprint without URL arguments, found in the app's
url_map so that pages added later are timed too (CSV exports included), and the pages that take a
lead, visitor, interaction, version, user, rule or experiment id (the demo's experiments), for
sample ids. Each page gets ``--requests`` timed requests, cycling through realistic filter sets
(the period, and each page's own filters), after one untimed request per filter set (its time is
reported: the first view after the bulk load is where pages build roll-ups they keep); a filter
set the page refuses (not 200) is dropped and named in the report. A CSV export is read to its
end; its time to the first chunk is reported too. Writes the ``## Admin pages`` section of
``bench/RESULTS.md``.

``--database-url`` times an existing, already loaded database instead (no server, no data load).
"""

import argparse
import gc
import math
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import click
from flask import Flask
from sqlalchemy import func, select, text

from bench.feedback_rows import add_feedback
from bench.rescore import DAYS, prepare
from bench.results import machine_line, on_postgres, publish
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.models import (
    Experiment,
    Feedback,
    Interaction,
    Lead,
    LeadVisitor,
    NextActionRule,
    RuleSetVersion,
    ScoringRule,
    User,
)
from leadcapture.models.types import utcnow
from leadcapture.reports.bulk_load import update_rollups_after_load
from tests.admin.signin import signed_in_client

TITLE = "Admin pages"
GOAL_MS = 300.0
# About 1M interactions and 100k leads with the demo generator's defaults (0.42 interactions and
# 0.041 leads per visitor).
VISITORS = 2_380_000
REQUESTS = 30
DATABASE = "leadcapture_admin"
# The live notification feed is a stream that lasts NOTIFICATION_STREAM_SECONDS, not a page.
SKIPPED_ENDPOINTS = {"admin.login", "admin.logout", "admin.notification_stream"}
SAMPLES = 20
# Routes whose argument's name does not say what it is an id of (``rule_id``: a scoring rule's
# elsewhere).
ENDPOINT_SAMPLES = {"admin.next_action_rule": "next_action_rule"}
# Filter sets every page gets (pages ignore what they do not use), then each page's own.
PERIODS = ({}, {"days": "7"}, {"days": "90"})
PAGE_FILTERS = {
    "admin.index": ({"days": "1"},),
    "admin.attribution": tuple(
        {"model": model, "group": group, "days": days}
        for model, group, days in (
            ("first_touch", "source", "30"),
            ("last_touch", "medium", "30"),
            ("position_based", "campaign", "30"),
            ("w_shaped", "source", "7"),
            ("time_decay", "source", "30"),
            ("time_decay", "campaign", "90"),
            ("linear", "campaign", "90"),
        )
    ),
    "admin.attribution_csv": ({"model": "w_shaped", "group": "campaign"},),
    "admin.funnel": (
        {"tool": "cost_calculator"},
        {"campaign": "spring_promo"},
        {"source": "google"},
        {"device": "mobile"},
    ),
    "admin.funnel_csv": ({"campaign": "spring_promo"},),
    "admin.interactions": (
        {"tool": "face_analysis"},
        {"converted": "yes"},
        {"campaign": "summer_glow"},
        {"tool": "appointment_booking", "converted": "no"},
    ),
    "admin.interactions_csv": ({"tool": "face_analysis", "days": "7"},),
    "admin.leads": (
        {"status": "new"},
        {"status": "qualified", "sort": "score"},
        {"level": "high", "score_min": "80"},
        {"tool": "cost_calculator"},
        {"campaign": "spring_promo"},
        {"page": "100"},
    ),
    "admin.leads_csv": ({"status": "won"},),
    "admin.feedback": (
        {"tool": "cost_calculator"},
        {"campaign": "spring_promo", "days": "90"},
        {"organisation": "northwind traders"},
        {"sentiment": "negative"},
        {"rating": "1", "days": "90"},
        {"theme": "1"},
        {"theme": "2", "sentiment": "positive", "days": "7"},
        {"page": "3"},
    ),
    "admin.feedback_csv": ({"sentiment": "negative"},),
    "admin.analytics_retention": ({"by": "campaign"}, {"by": "campaign", "days": "90"}),
    "admin.analytics_retention_csv": ({"by": "week", "days": "90"},),
    "admin.analytics_events": (
        {"series": "name"},
        {"impact": "high"},
        {"tool": "cost_calculator", "days": "90"},
        {"page": "/tools/cost-calculator"},
        {"campaign": "spring_promo", "device": "mobile"},
        {"impact": "medium", "device": "desktop", "series": "name", "days": "90"},
    ),
    "admin.analytics_events_csv": ({"impact": "high"},),
    "admin.analytics_abandonment": ({"tool": "appointment_booking"}, {"tool": "face_analysis", "days": "90"}),
    "admin.analytics_abandonment_csv": ({"tool": "cost_calculator"},),
    "admin.rules_lift": ({"outcome": "qualified"}, {"outcome": "won", "days": "365"}),
    "admin.rules_calibration": ({"outcome": "qualified"}, {"outcome": "won", "days": "365"}),
}


@dataclass
class Page:
    """One admin route (with sample ids filled in when it takes one) and its timings."""

    rule: str
    paths: list[str]
    filters: list[dict]
    refused: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    first_chunk: list[float] = field(default_factory=list)
    warmup: list[float] = field(default_factory=list)  # the untimed first request of each filter set
    csv: bool = False

    def url(self, number: int) -> tuple[str, dict]:
        return self.paths[number % len(self.paths)], self.filters[number % len(self.filters)]


def sample_ids(app: Flask) -> dict[str, list[str]]:
    """Ids to fill in routes that take one, by what the argument's name mentions."""
    rng = random.Random(7)
    with app.app_context():
        top = db.session.scalar(select(func.max(Lead.id))) or 0
        leads = [str(rng.randint(1, top)) for _ in range(SAMPLES)] if top else []
        visitors = db.session.scalars(
            select(LeadVisitor.visitor_id).where(LeadVisitor.lead_id.in_([int(i) for i in leads]))
        ).all()
        interactions = db.session.scalars(
            select(Interaction.id).where(Interaction.visitor_id.in_(visitors)).limit(SAMPLES)
        ).all()
        versions = [str(v) for v in db.session.scalars(select(RuleSetVersion.version)).all()[-SAMPLES:]]
        feedback = db.session.execute(
            select(Feedback.id, Feedback.session_id, Feedback.organisation_key)
            .where(Feedback.session_id.is_not(None))
            .order_by(Feedback.created_at.desc())
            .limit(SAMPLES)
        ).all()
        organisations = db.session.scalars(
            select(Feedback.organisation_key).where(Feedback.organisation_key.is_not(None)).distinct()
        ).all()[:SAMPLES]
        users = [str(u) for u in db.session.scalars(select(User.id)).all()]
        # A shipped experiment's edit page redirects: every sample must answer 200.
        experiments = db.session.scalars(
            select(Experiment.id).where(Experiment.status != "shipped").order_by(Experiment.id).limit(SAMPLES)
        ).all()
        rules = [str(r) for r in db.session.scalars(select(ScoringRule.id)).all()]
        next_action_rules = [str(r) for r in db.session.scalars(select(NextActionRule.id)).all()]
    return {
        "lead": leads,
        "visitor": list(visitors),
        "interaction": list(interactions),
        "version": versions,
        "user": users,
        "rule": rules,
        "next_action_rule": next_action_rules,
        "feedback": [row.id for row in feedback],
        "session": [row.session_id for row in feedback],
        "organisation": list(organisations),
        "experiment": [str(e) for e in experiments],
    }


def admin_pages(app: Flask, samples: dict[str, list[str]]) -> tuple[list[Page], list[str]]:
    """The admin GET pages to time, and the routes left out (an argument with no sample)."""
    urls = app.url_map.bind("localhost")
    pages, left_out = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.endpoint.startswith("admin.") or "GET" not in rule.methods:
            continue
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if not rule.arguments:
            filters = [*PERIODS, *PAGE_FILTERS.get(rule.endpoint, ())]
            pages.append(Page(rule.rule, [rule.rule], filters))
            continue
        argument = next(iter(rule.arguments)) if len(rule.arguments) == 1 else ""
        kind = ENDPOINT_SAMPLES.get(rule.endpoint) or next((kind for kind in samples if kind in argument), "")
        values = samples.get(kind, [])
        if not values:
            left_out.append(f"`{rule.rule}`")
            continue
        pages.append(
            Page(rule.rule, [urls.build(rule.endpoint, {argument: value}) for value in values], [{}])
        )
    return pages, left_out


def get(client, path: str, args: dict):
    """One request, read to its end: (status, seconds, seconds to the first chunk, is CSV)."""
    started = time.perf_counter()
    response = client.get(path, query_string=args, buffered=False)
    first = None
    for _chunk in response.response:
        first = first or time.perf_counter() - started
    response.close()
    seconds = time.perf_counter() - started
    return response.status_code, seconds, first or seconds, response.mimetype == "text/csv"


def time_pages(app: Flask, requests: int) -> tuple[list[Page], list[str]]:
    """Time every admin page ``requests`` times as a signed-in admin."""
    client = signed_in_client(app, "admin")
    pages, left_out = admin_pages(app, sample_ids(app))
    for page in pages:
        accepted = []
        for args in page.filters:  # also the warm-up: one untimed request per filter set
            status, seconds, *_rest = get(client, page.paths[0], args)
            page.warmup.append(seconds)
            if status == 200:
                accepted.append(args)
            else:
                page.refused.append(f"{describe([args])} ({status})")
        page.filters = accepted
        for number in range(requests if accepted else 0):
            path, args = page.url(number)
            status, seconds, first, page.csv = get(client, path, args)
            if status != 200:
                raise RuntimeError(f"{path} {args} answered {status} after answering 200")
            page.seconds.append(seconds)
            page.first_chunk.append(first)
    return pages, left_out


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def row_counts(app: Flask) -> dict[str, int]:
    tables = (
        "visitors",
        "visit_sessions",
        "interactions",
        "behaviour_events",
        "contact_prompts",
        "leads",
        "bookings",
        "feedback",
        "feedback_prompts",
        "experiment_exposures",
    )
    with app.app_context():
        return {table: db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in tables}


def bench_app(database_url: str) -> Flask:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "REDIS_URL": None,
            "HUBSPOT_ACCESS_TOKEN": None,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "memory://",
        }
    )
    gc.freeze()  # as wsgi.py does in production
    return app


def vacuum(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM ANALYZE"))


def server_version(app: Flask) -> str:
    with app.app_context():
        return db.session.scalar(text("SHOW server_version")).split()[0]


def update_rollups(app: Flask, since: datetime) -> float:
    """What ``flask demo-data`` does after its load: the report roll-ups; the seconds it took."""
    with app.app_context():
        started = time.perf_counter()
        update_rollups_after_load(since, click.progressbar)
        return time.perf_counter() - started


def measure(database_url: str, visitors: int | None, requests: int, feedback: int = 0) -> dict:
    """Load the data (unless ``visitors`` is None; ``feedback`` more feedback rows on top of the
    demo's) and time the pages."""
    generation = None
    app = bench_app(database_url)
    if visitors:
        since = utcnow() - timedelta(DAYS)
        generation = prepare(database_url, visitors)
        if feedback:
            with app.app_context():
                generation["feedback"] = add_feedback(feedback)
        generation["rollups"] = update_rollups(app, since)
        vacuum(app)
    load_before = os.getloadavg()[0]
    pages, left_out = time_pages(app, requests)
    counts = row_counts(app)
    with app.app_context():
        db.engine.dispose()
    return {
        "visitors": visitors,
        "generation": generation,
        "counts": counts,
        "pages": pages,
        "left_out": left_out,
        "requests": requests,
        "postgres": server_version(app),
        "load": (load_before, os.getloadavg()[0]),
    }


def describe(filters: list) -> str:
    return "; ".join("&".join(f"{k}={v}" for k, v in args.items()) or "(none)" for args in filters)


# Static text, dated: rerunning the bench refreshes the table above it, not this.
NOTES = """
**Notes** (2026-11-23). The data set above was written with this module's generator and writer
(`bench.rescore.prepare`) into a durable PostgreSQL kept running, then timed with
`--database-url`: writing it took 46 min; folding it into the dashboard's and funnel's roll-ups
(`refresh_rollups`, 3.4M sessions of 2.4M visitors, 5,000 visitors a batch) just under 20 min;
the attribution's visitor days and conversion journeys were built by the first views of an
earlier, stopped run of this bench (about 8 min), so the first-request column above shows views
of prepared data. The first run of this
bench found `/admin/rules/preview` scoring every visitor with the live and the draft rules: minutes
per view at 2.4M visitors. The page now scores a fixed sample of 1,000 visitors (the first in id
order; ids are random) and says so, with the estimate for all; `flask scoring preview` still scores
every visitor. A CSV export streams: its first chunk comes in a few ms, the 97k-lead export ends in
about a second. Python's cycle collector walked the ~220k objects the app loads at start-up (about
130 ms, paid by whichever request set it off: the preview's p95 was twice its p50); `wsgi.py`
freezes them after start-up (`gc.freeze()`), and so does this bench's app. **Time decay over 90
days** was over the goal in the first runs (300-370 ms per view; linear over 90 days 120-150 ms):
the bookings' touches were read after a join that compared each journey's lead with its
booking's, which PostgreSQL took for one row and answered by probing the touches' index 34k
times (~150-195 ms), and the leads' queries read the wide lead rows for a date and a score
(~100 and ~75 ms). A booking's journey is now dropped when the booking gets its lead, so the
query reads the journeys by their conversion time (~45 ms); two narrow indexes on the leads
(`ix_leads_created_score` with the id, `ix_leads_id_created_score`) serve the lead queries
(~55 and ~45 ms). A time-decay view over 90 days takes ~180 ms, the page's p95 above. This run
timed the same database after migrations 0009 and 0010 and `VACUUM ANALYZE leads`.

**The feedback pages** (2026-12-06, before a full run, on a smaller data set: `--visitors 50000
--feedback 100000` into a durable PostgreSQL 15 here, 102k feedback rows, 2.1M feedback prompts and
18k contact prompts; `bench.feedback_rows` then wrote about 25 prompts per feedback, now about 9, as
the demo's response rates are per prompt shown, and the demo data logs its prompts too). Reading the
feedback and prompt tables on each view, `/admin/feedback` took ~700 ms over 30 days and ~1.3 s
over 90: the grouped feedback ~75 ms, the response rate and prompt performance over 0.7-2.1M
prompts 450-1,300 ms. With the daily roll-ups `feedback_days` and `prompt_days` (counted by the
view for the days it needs) and a partial covering index for the comment list, its p95 was 94 ms
over the filter sets above (p50 56 ms), its CSV 33 ms to the first chunk, the drill-down pages
(a feedback, its visit, lead, visitor and organisation) under 45 ms. The first view after the load
counts the roll-ups (~0.9 s for 90 days) and fits the themes of its period (1-2 s, kept per period).

**This run** (2026-12-07, the first at full size with the analytics, experiment, next-action and
rule-learning pages). The data set was written by this module's generator and writer into a durable
PostgreSQL kept running, on a quiet machine: 30.1M rows in 35 min, then its roll-ups in 24 min one
step after another (dashboard and funnel 11.3, attribution 1.8, analytics 5.1, insights 6.1; since
then `flask demo-data` runs the steps at once), then timed with `--database-url`. A first timing
found four pages over the goal, each reading and analysing a whole period or experiment on every
view: an experiment's page and its results (1.3 and 2.7 s: 313k exposures analysed per day and per
segment), the suggested points (a fit of 108k leads, 1.6 s) and the rule lift (p95 338 ms: the
period's score breakdowns unpacked). They now keep what they computed, per experiment as set up
(5 min) and per outcome, period and live version (10 min), and say when it was computed: the
first view of each is in the "slowest untimed first request" column (2.5 s for an experiment),
later ones take a few ms. Every HTML page is under the goal; `/admin/attribution` is at 210 ms
(p95). **Not met**: the organisation's feedback PDF (p50 324 ms, p95 360 ms): 100 comments laid
out by fpdf2, whose line breaking measures each line again for every character it adds (about
200 ms of the 320), the chart drawn by matplotlib (70 ms) and the two DejaVu fonts parsed for
each file (40 ms). A CSV export streams (first chunk in under 60 ms); reading the whole
1M-interaction export takes up to 40 s.
"""


def report(result: dict, notes: str = "") -> str:
    """The RESULTS.md section for one run."""
    counts = result["counts"]
    generation = result["generation"]
    loaded = (
        f"written by `flask demo-data`'s generator and writer in {generation['seconds'] / 60:.0f} min "
        f"({result['visitors']:,} visitors, seed of `bench.rescore`), its report roll-ups updated as it "
        f"does in {generation['rollups']:.0f} s, then `VACUUM ANALYZE`"
        if generation
        else "an existing database loaded the same way (`--database-url`)"
    )
    if generation and generation.get("feedback"):
        added = generation["feedback"]
        loaded += (
            f", with {added['feedback']:,} feedback rows and the {added['feedback_prompts']:,} feedback "
            "prompts shown around them added by `bench.feedback_rows` (`--feedback`)"
        )
    pages = [page for page in result["pages"] if page.seconds]
    failing = [
        page
        for page in pages
        if percentile(page.first_chunk if page.csv else page.seconds, 0.95) * 1000 > GOAL_MS
    ]
    lines = [
        machine_line(result["postgres"], load=result["load"]),
        "",
        f"Data: {', '.join(f'{table} {count:,}' for table, count in counts.items())}; {loaded}.",
        "",
        "Method: a signed-in admin's Flask test client in one process (app and database, no HTTP server), "
        "every GET route of the admin blueprint without URL arguments (discovered from the url_map) and "
        f"the routes that take an id, for {SAMPLES} sample ids; {result['requests']} timed requests per page "
        "after one untimed request per filter set, cycling through the filter sets below. A CSV is read to "
        "its end; the goal applies to its first chunk (an export streams), its full time is shown too. "
        "`python -m bench.admin`.",
        "",
        "| page | p50 | p95 | max | CSV: p95 to first chunk | slowest untimed first request | filter sets |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for page in pages:
        first = f"{percentile(page.first_chunk, 0.95) * 1000:.0f} ms" if page.csv else ""
        tried = describe(page.filters) if len(page.paths) == 1 else f"{len(page.paths)} sample ids"
        lines.append(
            f"| `{page.rule}` | {statistics.median(page.seconds) * 1000:.0f} ms | "
            f"{percentile(page.seconds, 0.95) * 1000:.0f} ms | {max(page.seconds) * 1000:.0f} ms | {first} | "
            f"{max(page.warmup) * 1000:,.0f} ms | {tried} |"
        )
    refused = [f"`{page.rule}` {', '.join(page.refused)}" for page in result["pages"] if page.refused]
    lines += [
        "",
        f"Goal p95 under {GOAL_MS:.0f} ms on every page: "
        + ("met." if not failing else f"**not met** on {', '.join(f'`{page.rule}`' for page in failing)}."),
    ]
    if refused:
        lines.append(f"Filter sets a page refused (not timed): {'; '.join(refused)}.")
    if result["left_out"]:
        lines.append(f"Routes not timed (no sample for their argument): {', '.join(result['left_out'])}.")
    if notes:
        lines += ["", notes.strip()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Load, time, print and record the admin pages benchmark."""
    parser = argparse.ArgumentParser(prog="python -m bench.admin")
    parser.add_argument(
        "--visitors", type=int, default=VISITORS, help=f"demo visitors (default {VISITORS:,})"
    )
    parser.add_argument(
        "--requests", type=int, default=REQUESTS, help=f"timed requests per page ({REQUESTS})"
    )
    parser.add_argument(
        "--feedback",
        type=int,
        default=0,
        help="feedback rows to add to the demo's (bench.feedback_rows), e.g. 100000 with fewer visitors",
    )
    parser.add_argument("--database-url", help="time this already loaded database instead of a fresh one")
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    if args.database_url:
        result = measure(args.database_url, None, args.requests)
    else:
        result = on_postgres(
            lambda server: measure(
                server.create_database(DATABASE), args.visitors, args.requests, args.feedback
            )
        )
    publish(TITLE, report(result, NOTES), write=not args.no_write)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
