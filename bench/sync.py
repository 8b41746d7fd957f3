"""HubSpot sync throughput: 10,000 leads through real ``flask worker`` processes to the fake HubSpot.

``python -m bench.sync`` (also run by ``python -m bench``): starts PostgreSQL with its default
durability, Redis and the fake HubSpot (in this process, a thread), migrates a fresh database and
bulk-inserts 10,000 leads, each with a visitor, a session, a tool interaction and a pending
``hubspot_outbox`` row. Then, for 1 and 2 workers, it times the sync from enqueueing
``sync_pending`` on the ``hubspot`` queue (one job per worker) to every outbox row synced, with the
fake's rolling limit and our ``HUBSPOT_RATE_LIMIT`` both at 100 requests per 10 seconds:

- steady: both rate windows already full, 100 requests spread over the last 10 s (as if a sync
  had just used the whole rate), and our properties exist. The bound is 100 requests per 10 s of
  100 contacts each: 1,000 contacts/s, 10 s for 10,000 leads. The goal is judged on this run.
- cold: a fresh portal and a database that never set our properties up (the first job reads the
  portal's properties and creates ours in one batch: 3 extra requests) and empty windows, so up
  to 100 requests may go at once.

After each run: every outbox row synced, the fake holds exactly the 10,000 leads (by email), each
lead has its contact's id, and every upsert input the fake accepted is counted (re-sends).
Writes the ``## HubSpot sync`` section of ``bench/RESULTS.md``.
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import flask_migrate
import psycopg
from redis import Redis
from rq import Queue, Worker
from rq.registry import ScheduledJobRegistry
from sqlalchemy import insert

from bench.results import machine_line, publish
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.integrations.hubspot import HubSpotGateway
from leadcapture.jobs.dispatch import enqueue
from leadcapture.leads.lifecycle import reached_stage
from leadcapture.models import Interaction, Lead, LeadVisitor, SyncOutbox, Visitor, VisitSession
from leadcapture.sync.ratelimit import KEY as LIMITER_KEY
from leadcapture.sync.ratelimit import wait_for_request_slot
from leadcapture.sync.setup import set_up_properties
from tests.fake_hubspot.server import FakeHubSpot
from tests.servers import PostgresServer, RedisServer

TITLE = "HubSpot sync"
LEADS = 10_000
BATCH = 100
LIMIT, INTERVAL = 100, 10.0
RATE = f"{LIMIT} per {INTERVAL:g} seconds"
BOUND = LIMIT * BATCH / INTERVAL  # contacts/s
GOAL = 0.9
WORKER_COUNTS = (1, 2)
RUN_TIMEOUT = 60.0
CALIBRATION_UPSERTS = 10
DATABASE = "leadcapture_bench_sync"
ROOT = Path(__file__).resolve().parents[1]
UPSERT_PATH = "/crm/v3/objects/contacts/batch/upsert"
CAMPAIGNS = ("spring_glow", "summer_skin", "brand")


@dataclass
class Run:
    """One timed sync and what the fake and the database held afterwards."""

    scenario: str
    workers: int
    seconds: float
    synced: int
    contacts: int
    ids_match: bool
    requests: Counter = field(default_factory=Counter)  # status of every upsert request
    other_requests: int = 0
    inputs_accepted: int = 0
    emails_resent: int = 0
    fake_busy: float = 0.0

    @property
    def rate(self) -> float:
        return self.synced / self.seconds

    @property
    def correct(self) -> bool:
        return self.synced == LEADS and self.contacts == LEADS and self.ids_match


class TimedApp:
    """Wraps the fake's WSGI app to add up the time it spends on upserts (measurement only)."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.upsert_seconds: list[float] = []

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        try:
            return self.app(environ, start_response)
        finally:
            if environ.get("PATH_INFO") == UPSERT_PATH:
                with self.lock:
                    self.upsert_seconds.append(time.perf_counter() - started)

    def take(self) -> list[float]:
        with self.lock:
            taken, self.upsert_seconds = self.upsert_seconds, []
        return taken


def migrate(database_url: str) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


def lead_rows(now: datetime) -> dict[type, list[dict]]:
    """LEADS leads as the contact form leaves them: a visitor from a campaign who used a tool."""
    rows: dict[type, list[dict]] = {model: [] for model in (Visitor, VisitSession, Interaction, Lead)}
    for index in range(LEADS):
        visitor, session, interaction = f"v{index:031d}", f"s{index:031d}", f"i{index:031d}"
        campaign = CAMPAIGNS[index % len(CAMPAIGNS)]
        tool = ("cost_calculator", "ai_recommendation", "face_analysis")[index % 3]
        level = ("low", "medium", "high")[index % 3]
        created = now - timedelta(seconds=LEADS - index)
        rows[Visitor].append({"id": visitor, "created_at": created})
        rows[VisitSession].append(
            {
                "id": session,
                "visitor_id": visitor,
                "started_at": created,
                "last_seen_at": created,
                "landing_page": f"https://clinic.example/treatments/{index % 40}",
                "referrer_class": "paid",
                "utm_source": "google",
                "utm_medium": "cpc",
                "utm_campaign": campaign,
            }
        )
        rows[Interaction].append(
            {
                "id": interaction,
                "visitor_id": visitor,
                "session_id": session,
                "tool": tool,
                "data": {"procedures": ["botox"], "budget_range": "under_1k"},
                "input_hash": f"{index:064d}",
                "created_at": created,
            }
        )
        touch = {"utm_source": "google", "utm_medium": "cpc", "utm_campaign": campaign}
        rows[Lead].append(
            {
                "id": index + 1,
                "email": f"lead{index:05d}@example.com",
                "name": f"Ana Lopez {index}",
                "phone": f"+1202555{index:04d}",
                "status": "new",
                "score": 40 + index % 60,
                "engagement_level": level,
                "lifecycle_stage": reached_stage(level, "new"),
                "tools_used": tool,
                "score_breakdown": [],
                "converting_interaction_id": interaction,
                "consent_marketing": index % 2 == 0,
                **{f"first_{key}": value for key, value in touch.items()},
                **{f"converting_{key}": value for key, value in touch.items()},
                "first_referrer_class": "paid",
                "converting_referrer_class": "paid",
                "created_at": created,
                "updated_at": created,
            }
        )
    rows[LeadVisitor] = [
        {"lead_id": index + 1, "visitor_id": f"v{index:031d}", "linked_at": now} for index in range(LEADS)
    ]
    rows[SyncOutbox] = [
        {"lead_id": index + 1, "reason": "created", "status": "pending", "created_at": now}
        for index in range(LEADS)
    ]
    return rows


def bulk_insert(app) -> float:
    """The leads and their outbox rows, with Core bulk INSERTs (no after-commit jobs); seconds."""
    started = time.perf_counter()
    with app.app_context():
        for model, rows in lead_rows(datetime.now(UTC).replace(tzinfo=None)).items():
            for start in range(0, len(rows), 2000):
                db.session.execute(insert(model), rows[start : start + 2000])
        db.session.commit()
        db.session.execute(db.text("SELECT setval('leads_id_seq', (SELECT max(id) FROM leads))"))
        db.session.commit()
    return time.perf_counter() - started


def reset_rows(conn: psycopg.Connection) -> None:
    """Every outbox row pending and due again, no lead linked to a contact."""
    conn.execute(
        "UPDATE hubspot_outbox SET status = 'pending', attempts = 0, last_error = NULL, "
        "synced_at = NULL, next_attempt_at = now() AT TIME ZONE 'UTC' - interval '1 second'"
    )
    conn.execute("UPDATE leads SET hubspot_contact_id = NULL")
    conn.execute("UPDATE integration_state SET properties_ready = NULL")
    conn.execute("VACUUM ANALYZE hubspot_outbox")
    conn.execute("VACUUM ANALYZE leads")


def outbox_counts(conn: psycopg.Connection) -> tuple[int, int, int]:
    return conn.execute(
        "SELECT count(*) FILTER (WHERE status = 'synced'), count(*) FILTER (WHERE status = 'dead'), "
        "count(*) FROM hubspot_outbox"
    ).fetchone()


def calibrate(fake: FakeHubSpot, timed: TimedApp, app) -> dict:
    """How long the fake takes for one upsert of 100 contacts (new, then updates), unthrottled."""
    fake.reset()
    fake.set_rate_limit(1_000_000)
    client = HubSpotGateway(fake.token, fake.url)
    client.ensure_properties()
    with app.app_context():
        from leadcapture.integrations.hubspot_properties import contact_properties

        leads = db.session.query(Lead).order_by(Lead.id).limit(BATCH * CALIBRATION_UPSERTS).all()
        contacts = [
            {str(lead.id): contact_properties(lead, f"http://x/{lead.id}") for lead in leads[i : i + BATCH]}
            for i in range(0, len(leads), BATCH)
        ]
        db.session.rollback()
    timed.take()
    round_trips = []
    for batch in contacts + contacts:  # first as new contacts, then as updates
        started = time.perf_counter()
        client.upsert_contacts(batch)
        round_trips.append(time.perf_counter() - started)
    server = timed.take()
    fake.reset()
    return {
        "round_trip": sorted(round_trips)[len(round_trips) // 2],
        "server": sorted(server)[len(server) // 2],
        "max": max(round_trips),
    }


def prime(fake: FakeHubSpot, app) -> float:
    """Fill both rate windows with LIMIT requests spread over the last INTERVAL (our properties
    created among them); returns when the last one is answered."""
    client = fake.client()
    properties = client.crm.properties.core_api
    start = time.monotonic()
    sent = 0

    def paced() -> None:
        nonlocal sent
        delay = start + sent * INTERVAL / LIMIT - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        wait_for_request_slot()
        sent += 1

    with app.app_context():
        set_up_properties(HubSpotGateway(fake.token, fake.url, paced))  # as the job does, remembered
        db.session.commit()
        while sent < LIMIT:
            paced()
            properties.get_by_name("contacts", "email")
    return time.monotonic() - start


def start_worker(settings: dict, log: Path) -> subprocess.Popen:
    flask = Path(sys.executable).with_name("flask")
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(flask), "worker"],
            cwd=ROOT,
            env={**os.environ, "FLASK_APP": "wsgi", **settings},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_worker(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def wait_idle(redis: Redis, count: int, timeout: float = 60.0) -> None:
    """Until ``count`` workers are registered and idle with nothing queued."""
    deadline = time.monotonic() + timeout
    queues = [Queue(name, connection=redis) for name in ("hubspot", "default", "maintenance")]
    while time.monotonic() < deadline:
        workers = Worker.all(connection=redis)
        if (
            len(workers) == count
            and all(worker.get_state() == "idle" for worker in workers)
            and not any(queue.count for queue in queues)
        ):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{count} idle workers did not show up within {timeout:.0f}s")


def clear_jobs(redis: Redis) -> None:
    """No sync job queued or scheduled (a retry left by an earlier run) and an empty limiter."""
    queue = Queue("hubspot", connection=redis)
    queue.empty()
    registry = ScheduledJobRegistry(queue=queue)
    for job_id in registry.get_job_ids():
        registry.remove(job_id, delete_job=True)
    for key in redis.scan_iter(f"*{LIMITER_KEY}*"):
        redis.delete(key)


def timed_sync(scenario: str, workers: int, fake, timed, app, conn, redis) -> Run:
    """Reset, (prime,) enqueue one sync job per worker and wait for every row synced."""
    clear_jobs(redis)
    reset_rows(conn)
    fake.reset()
    fake.set_rate_limit(LIMIT, INTERVAL)
    if scenario == "steady":
        prime(fake, app)
    before = len(fake.requests)
    timed.take()
    started = time.perf_counter()
    with app.app_context():
        for number in range(workers):
            enqueue("hubspot-sync", job_id=f"bench-sync-{scenario}-{workers}-{number}")
    deadline = started + RUN_TIMEOUT
    synced = dead = 0
    while time.perf_counter() < deadline:
        synced, dead, total = outbox_counts(conn)
        if synced + dead == total:
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    seen = fake.requests[before:]
    upserts = [request for request in seen if request.path == UPSERT_PATH]
    accepted = [request for request in upserts if request.status in (200, 207)]
    emails = Counter(item["id"] for request in accepted for item in request.body["inputs"])
    contacts = fake.contacts
    leads = dict(conn.execute("SELECT email, hubspot_contact_id FROM leads").fetchall())
    return Run(
        scenario=scenario,
        workers=workers,
        seconds=seconds,
        synced=synced,
        contacts=len(contacts),
        ids_match=set(contacts) == set(leads)
        and all(contacts[email]["id"] == leads[email] for email in leads),
        requests=Counter(request.status for request in upserts),
        other_requests=len(seen) - len(upserts),
        inputs_accepted=sum(emails.values()),
        emails_resent=sum(count - 1 for count in emails.values()),
        fake_busy=sum(timed.take()),
    )


def measure() -> dict:
    folder = Path(tempfile.mkdtemp(prefix="leadcapture-bench-sync-"))
    server = PostgresServer(durable=True).start()
    redis_server = RedisServer(folder / "redis").start()
    fake = FakeHubSpot()
    timed = TimedApp(fake.server.app)
    fake.server.app = timed
    fake.start()
    runs: list[Run] = []
    try:
        database_url = server.create_database(DATABASE)
        migrate(database_url)
        settings = {
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_server.url,
            "HUBSPOT_ACCESS_TOKEN": fake.token,
            "HUBSPOT_BASE_URL": fake.url,
            "HUBSPOT_RATE_LIMIT": RATE,
            "HUBSPOT_SWEEP_AFTER_SECONDS": "3600",  # no sweeper-queued sync during a run
        }
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url,
                "REDIS_URL": redis_server.url,
                "HUBSPOT_ACCESS_TOKEN": fake.token,
                "HUBSPOT_BASE_URL": fake.url,
                "HUBSPOT_RATE_LIMIT": RATE,
            }
        )
        setup = bulk_insert(app)
        calibration = calibrate(fake, timed, app)
        redis = Redis.from_url(redis_server.url)
        dsn = f"host=127.0.0.1 port={server.port} user=postgres dbname={DATABASE}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            for count in WORKER_COUNTS:
                workers = [start_worker(settings, folder / "worker.log") for _ in range(count)]
                try:
                    wait_idle(redis, count)
                    for scenario in ("cold", "steady"):
                        run = timed_sync(scenario, count, fake, timed, app, conn, redis)
                        print(run, flush=True)
                        runs.append(run)
                finally:
                    for worker in workers:
                        stop_worker(worker)
                redis.flushdb()
        with app.app_context():
            db.engine.dispose()
    finally:
        fake.stop()
        redis_server.stop()
        server.stop()
    return {
        "runs": runs,
        "setup": setup,
        "calibration": calibration,
        "postgres": version.split()[0],
        "log": folder,
    }


def report(result: dict) -> str:
    """The RESULTS.md section for one run; the goal is judged on the best steady run."""
    runs = result["runs"]
    steady = max((run for run in runs if run.scenario == "steady"), key=lambda run: run.rate)
    calibration = result["calibration"]
    lines = [
        machine_line(
            result["postgres"], "PostgreSQL, Redis, the workers and the fake HubSpot all on one machine"
        ),
        "",
        f"Method: {LEADS:,} leads (each with a visitor, a session, an interaction and a pending outbox row, "
        f"bulk-inserted in {result['setup']:.1f} s) synced by real `flask worker` processes through "
        "hubspot-api-client to the fake HubSpot server of `tests/` (batch limit 100, 429 with HubSpot's "
        f"headers), both its rolling limit and our `HUBSPOT_RATE_LIMIT` at {RATE}. Timed from enqueueing "
        "`sync_pending` (one job per worker) to every outbox row synced. *Steady*: both rate windows "
        f"already full ({LIMIT} requests spread over the last {INTERVAL:g} s) and our properties exist, "
        "as in a long sync (set up by the job's own `set_up_properties`, remembered); *cold*: a fresh "
        "portal and a database that never set them up (the first job reads the portal's properties and "
        "creates ours in one batch) and empty windows. The bound is "
        f"{LIMIT} requests per {INTERVAL:g} s of {BATCH} contacts: {BOUND:,.0f} contacts/s. "
        f"The fake answers one upsert of {BATCH} contacts in {calibration['server'] * 1000:.0f} ms "
        "(median; round trip through the client "
        f"{calibration['round_trip'] * 1000:.0f} ms). `python -m bench.sync`.",
        "",
        "| run | workers | time | contacts/s | of bound | upserts (status: count) | other requests | "
        "synced | in HubSpot | ids match | re-sent |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |",
        *(
            f"| {run.scenario} | {run.workers} | {run.seconds:.1f} s | {run.rate:,.0f} | "
            f"{run.rate / BOUND:.0%} | {', '.join(f'{k}: {v}' for k, v in sorted(run.requests.items()))} | "
            f"{run.other_requests} | {run.synced:,} | {run.contacts:,} | "
            f"{'yes' if run.ids_match else 'no'} | {run.emails_resent} |"
            for run in runs
        ),
        "",
        "Other requests are the property read and creations of a cold start (with two workers both may "
        "set up at once: the second batch create answers 207, the properties exist); a 429 is a request "
        "that met the fake's full window (waited for, not counted as an attempt).",
        "",
        "One worker sends its batches one after another, so it reaches the bound only while a batch "
        f"(upsert round trip plus marking {BATCH} rows synced) takes under {INTERVAL / LIMIT * 1000:.0f} ms; "
        "a batch is one transaction (the claimed rows are marked and committed once), so here one worker "
        "gets close to the bound too; two (`flask worker` processes) keep the rate window full when a "
        "batch takes longer.",
        "",
        f"Goal at least {GOAL:.0%} of the bound, zero lost, zero duplicated: "
        f"{'met' if steady.rate >= GOAL * BOUND and all(run.correct for run in runs) else '**not met**'} "
        f"(best steady run {steady.rate:,.0f} contacts/s = {steady.rate / BOUND:.0%} with {steady.workers} "
        f"worker{'s' if steady.workers > 1 else ''}; every run synced all {LEADS:,} leads, "
        f"{sum(run.emails_resent for run in runs)} contacts sent twice).",
    ]
    return "\n".join(lines)


def main() -> None:
    """Measure, print and record the sync benchmark."""
    publish(TITLE, report(measure()))


if __name__ == "__main__":
    main()
