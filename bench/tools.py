"""CTA tool requests against a bare Flask JSON route, both under gunicorn, on a durable PostgreSQL.

``python -m bench.tools`` (also run by ``python -m bench``): starts PostgreSQL with its default
durability, migrates a fresh database, seeds the catalog and the default rules, serves the app and
``bench.bare_app`` with gunicorn (the same sync workers each), then has ``wrk`` POST the cost
calculator (two procedures, a budget, an urgency, a campaign landing page) to
``POST /api/v1/tools/cost_calculator`` with no cookie and no ``visitor_id``, so that every request
is a new visitor, and the same body to the bare route and to the bare route that durably writes one
row (the reference of the goal), in interleaved rounds. Writes the
``## CTA tools (API under gunicorn)`` section of ``bench/RESULTS.md``, with the cost of a request's
A/B assignment (``bench.assignment``).
"""

import http.client
import json
import os

import psycopg

from bench.assignment import assignment_lines, time_assignment
from bench.bare_app import create_bare_rows
from bench.ingest import migrate
from bench.results import machine_line, measure_on_postgres
from bench.serving import ROOT, Gunicorn
from bench.wrk import WrkResult, run_wrk
from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.scoring_rules.seed import seed_default_rules
from tests.servers import PostgresServer

TITLE = "CTA tools (API under gunicorn)"
RATIO_GOAL = 0.5  # of the bare route that durably writes one row
P99_GOAL_MS = 50.0
WORKERS = 2
THREADS = 2
CONNECTIONS = 16
LIGHT_CONNECTIONS = WORKERS
SECONDS = 10
WARMUP_SECONDS = 3
ROUNDS = 3
RATE_LIMIT = "1000000 per minute"
DATABASE = "leadcapture_tools"
TOOL_PATH = "/api/v1/tools/cost_calculator"
BARE_PATH = "/bare"
ROW_PATH = "/bare-row"
# The app's cheapest API answer: the tool route's 404 for an unknown tool (no database, no tool
# work), through the same middleware (limiter, CORS, error shape) as every tool request.
FLOOR_PATH = "/api/v1/tools/no_such_tool"
BODY = json.dumps(
    {
        "procedures": ["botox", "dermal_fillers"],
        "budget_range": "5k_10k",
        "urgency": "within_month",
        "time_on_tool_seconds": 95,
        "page_url": "https://www.glowclinic.example/tools/cost-calculator"
        "?utm_source=google&utm_medium=cpc&utm_campaign=spring_glow",
        "referrer": "https://www.google.com/",
    }
).encode()
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "Accept-Language": "en-GB,en;q=0.9",
    "User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
}


def prepare(database_url: str) -> None:
    """Migrate a fresh database and seed the catalog and the default rules."""
    migrate(database_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        seed_catalog()
        seed_default_rules()
        db.engine.dispose()
    create_bare_rows(database_url)


def post_once(port: int, path: str) -> tuple[int, dict, str | None]:
    """One POST of BODY: status, JSON answer and the Set-Cookie header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("POST", path, BODY, HEADERS)
        response = connection.getresponse()
        return response.status, json.loads(response.read()), response.getheader("Set-Cookie")
    finally:
        connection.close()


def check_tool_answer(port: int) -> dict:
    """A tool use answers 200 with a new visitor, a score, the form and a cookie; else raise."""
    status, answer, cookie = post_once(port, TOOL_PATH)
    if status != 200 or not answer.get("visitor_id") or not answer.get("prompt_id"):
        raise RuntimeError(f"The tool route answered {status}: {answer}")
    if not cookie or answer["visitor_id"] not in cookie:
        raise RuntimeError(f"The tool route set no visitor cookie: {cookie!r}")
    return answer


def hammer(port: int, path: str, seconds: int, connections: int, refused: bool = False) -> WrkResult:
    """wrk on ``path``: every answer a success (``refused``: every answer an error), else raise."""
    result = run_wrk(f"http://127.0.0.1:{port}{path}", BODY, HEADERS, seconds, connections, THREADS)
    errors = result.requests - result.bad_status if refused else result.bad_status
    if errors or result.socket_errors:
        raise RuntimeError(f"{path}: {errors} unexpected answers, {result.socket_errors} socket errors")
    return result


def stored_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows per table, in one statement (one snapshot: requests may still be committing)."""
    tables = ("visitors", "visit_sessions", "interactions", "visitor_scores", "contact_prompts")
    counts = conn.execute(f"SELECT {', '.join(f'(SELECT count(*) FROM {table})' for table in tables)}")
    return dict(zip(tables, counts.fetchone(), strict=True))


def measure(server: PostgresServer) -> dict:
    load_before = os.getloadavg()[0]
    database_url = server.create_database(DATABASE)
    prepare(database_url)
    assignment = time_assignment(database_url)
    rounds: list[dict[str, WrkResult]] = []
    light: list[WrkResult] = []
    with (
        Gunicorn(database_url, workers=WORKERS, API_RATE_LIMIT=RATE_LIMIT) as api,
        Gunicorn(
            database_url, workers=WORKERS, target="bench.bare_app:app", log=ROOT / "bench" / "bare.log"
        ) as bare,
        psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname={DATABASE}") as conn,
    ):
        example = check_tool_answer(api.port)
        for path in (BARE_PATH, ROW_PATH):
            if post_once(bare.port, path)[:2] != (200, {"ok": True}):
                raise RuntimeError(f"The bare route {path} did not answer {{'ok': true}}")
        if post_once(api.port, FLOOR_PATH)[0] != 404:
            raise RuntimeError(f"{FLOOR_PATH} did not answer 404")
        sent = {TOOL_PATH: 1, ROW_PATH: 1}
        for port, path in ((bare.port, BARE_PATH), (bare.port, ROW_PATH), (api.port, TOOL_PATH)):
            warm = hammer(port, path, WARMUP_SECONDS, CONNECTIONS)
            sent[path] = sent.get(path, 0) + warm.requests
        for _round in range(ROUNDS):
            results = {"bare": hammer(bare.port, BARE_PATH, SECONDS, CONNECTIONS)}
            results["row"] = hammer(bare.port, ROW_PATH, SECONDS, CONNECTIONS)
            sent[ROW_PATH] += results["row"].requests
            results["tool"] = hammer(api.port, TOOL_PATH, SECONDS, CONNECTIONS)
            results["floor"] = hammer(api.port, FLOOR_PATH, SECONDS, CONNECTIONS, refused=True)
            light.append(hammer(api.port, TOOL_PATH, SECONDS, LIGHT_CONNECTIONS))
            sent[TOOL_PATH] += results["tool"].requests + light[-1].requests
            rounds.append(results)
        counts = stored_counts(conn)
        bare_rows = conn.execute("SELECT count(*) FROM bare_rows").fetchone()[0]
        version = conn.execute("SHOW server_version").fetchone()[0]
    # wrk counts the answers it read; the server may finish a few more as a run ends.
    if len(set(counts.values())) != 1 or counts["interactions"] < sent[TOOL_PATH]:
        raise RuntimeError(f"{sent[TOOL_PATH]} tool uses answered, but stored: {counts}")
    if bare_rows < sent[ROW_PATH]:
        raise RuntimeError(f"{sent[ROW_PATH]} bare rows answered, but {bare_rows} stored")
    return {
        "rounds": rounds,
        "light": light,
        "counts": counts,
        "example": example,
        "postgres": version.split()[0],
        "load": (load_before, os.getloadavg()[0]),
        "assignment": assignment,
    }


def report(result: dict, notes: str = "") -> str:
    """The RESULTS.md section for one run."""
    rounds, light = result["rounds"], result["light"]
    bare = max(r["bare"].rate for r in rounds)
    row = max(r["row"].rate for r in rounds)
    best = max(rounds, key=lambda r: r["tool"].rate)["tool"]
    ratio = best.rate / row
    worst_p99 = max(r["tool"].p99_ms for r in rounds)
    floor = max(r["floor"].rate for r in rounds)
    example = result["example"]
    lines = [
        machine_line(result["postgres"], "PostgreSQL, gunicorn and wrk all on one machine", result["load"]),
        "",
        f'Method: the app (`wsgi:app`, production config, `API_RATE_LIMIT="{RATE_LIMIT}"` so that '
        "the limiter never refuses, in-process limiter storage as with no Redis) and `bench/bare_app.py` "
        f"each under gunicorn with {WORKERS} sync workers. The bare app's `{BARE_PATH}` reads the JSON "
        f'body and returns `jsonify({{"ok": True}})`; its `{ROW_PATH}` does the same after durably '
        "writing one row (one INSERT and one COMMIT through psycopg, a connection per worker), the "
        f"physical reference. `wrk -t{THREADS} -c{CONNECTIONS}` POSTs "
        f"`{BODY.decode()}` with a mobile Safari user agent to `POST {TOOL_PATH}` and to the bare routes, "
        "no cookie and no `visitor_id`: every tool request is a new visitor, session, interaction, "
        f"score and (score {example['lead_score']} ≥ threshold) logged contact-form prompt, all "
        f"committed before the answer. {ROUNDS} interleaved rounds of {SECONDS} s each after "
        f"{WARMUP_SECONDS} s warm-ups; rates are the best round (other work only ever slows a round "
        f"down). Also per round: the tool route at a light load, `-c{LIGHT_CONNECTIONS}` (one request "
        f"in flight per worker), and the app's cheapest API answer, `POST {FLOOR_PATH}` (404 with the "
        "error shape: the same middleware, no database, no tool work). After the runs every table "
        f"holds one row per tool request ({result['counts']['interactions']:,} each in visitors, "
        "visit_sessions, interactions, visitor_scores and contact_prompts). `python -m bench.tools`.",
        "",
        "| round | bare route | bare + one row | tool route | tool / row | tool p50 | tool p99 "
        "| light load: tool | p50 | p99 | the app's 404 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {number} | {r['bare'].rate:,.0f} req/s | {r['row'].rate:,.0f} req/s | "
            f"{r['tool'].rate:,.0f} req/s | {r['tool'].rate / r['row'].rate:.2f} | "
            f"{r['tool'].p50_ms:.1f} ms | "
            f"{r['tool'].p99_ms:.1f} ms | {lr.rate:,.0f} req/s | {lr.p50_ms:.1f} ms | {lr.p99_ms:.1f} ms | "
            f"{r['floor'].rate:,.0f} req/s |"
            for number, (r, lr) in enumerate(zip(rounds, light, strict=True), start=1)
        ),
        "",
        f"Ratio tool route / bare route with one durable row (best rounds, {best.rate:,.0f} / {row:,.0f} "
        f"req/s): **{ratio:.2f}**; goal at least {RATIO_GOAL}: "
        f"{'met' if ratio >= RATIO_GOAL else '**not met**'}.",
        f"Ratio tool route / bare route (best rounds, {best.rate:,.0f} / {bare:,.0f} req/s): "
        f"{best.rate / bare:.2f}; the app's 404 / bare route: {floor / bare:.2f}.",
        f"Tool route p99 at `-c{CONNECTIONS}`: {best.p99_ms:.1f} ms in the best round, worst round "
        f"{worst_p99:.1f} ms; goal under {P99_GOAL_MS:.0f} ms: "
        f"{'met' if worst_p99 < P99_GOAL_MS else '**not met**'}.",
        "",
        *assignment_lines(result["assignment"]),
    ]
    if notes:
        lines += ["", notes.strip()]
    return "\n".join(lines)


# What the profile found, what was changed and what is left (static text, dated: rerunning the
# bench refreshes the numbers above, not these).
NOTES = """
**Where the time went, first round** (2026-11-23; cProfile of 500 in-process requests through the
Flask test client on the same kind of durable PostgreSQL, plus PostgreSQL's statement log): 27
round trips per new-visitor request, two durable commits, five reloads of objects expired by
those commits, the live rules' version and the visitor's lead looked up twice, and lookups whose
answer is known for a visitor and session the request itself just created; 14-19 ms per request
in one process. **Changed then** (`leadcapture/cta/outcome.py`, `leadcapture/tracking/`,
`leadcapture/visitor_scores/`): one transaction with one commit that does not expire what the response
reads; the live rules and the lead looked up once; for a session or visitor this request created,
the duplicate, prompt, lead, dismissal, interaction and session queries skipped (facts built from
the rows just added: `visitor_scores.facts_loader.new_visitor_facts`, checked against `load_facts` in
`tests/bench/test_tool_path.py`). 10 round trips; 5-8 ms per request in one process; at `-c16`
84 -> 202-263 req/s.

**Second round** (2026-11-23; the same profile, a cProfile of gunicorn's two workers during a
`-c16` run, and the CPU time of each process per request). Of about 6 ms per request in one
process: the four new rows through the ORM's unit of work (three flushes) ~25 %, the score
upsert ~23 % (SQLAlchemy building the ON CONFLICT statement and going through its ORM bulk path
each time), the catalog ~19 % (ten ORM objects and twenty JSON lists decoded per request, in a
query of its own), the live-rules version query ~8 %. **Changed**: the upsert statement is built
once per table and columns on the Core table (`models/upsert.py`; 0.45 -> 0.08 ms); the catalog
and the live version's head are one Core query (`cta.inputs.catalog_and_rules`: the head beside
each active procedure) read on every use, so an admin's change applies to the next request in
every process (tested) with no cache to go stale, and a procedure row becomes a `ProcedureInfo`
once per distinct row (`catalog.store.procedure_info`, keyed by the whole row with its lists as
JSON text: an edited procedure is a new key); the visitor, session, interaction and prompt are
inserted with one cached Core INSERT each and put in the session as if loaded
(`models/insert.insert_new`: the column defaults a flush applies, same statements in the same
order; a test compares its rows with flushed ones). Booking keeps its order (the rules are read
after its slot is reserved). Same rows, scores, prompts, dedupe and errors; every request's rows
are committed before it answers. Now 9 round trips: pool pre-ping, BEGIN, catalog and head,
five INSERTs (visitor, session, interaction, score upsert, prompt), COMMIT.

**Before / after the second round**, A/B of the two trees in the same hour on this machine (other
helpers' tests running, load average 2.5-4): in one process, CPU 6.6 -> 4.3 ms per request (median
of five interleaved runs of 400 requests), wall 10.2 -> 6.7 ms, Python function calls 8,011 ->
5,239, SQL statements 7 -> 6; CPU of the gunicorn workers per tool request at `-c16` 5.4-7.0 ->
3.4-4.0 ms (PostgreSQL's about 0.8 ms either way); the two apps served side by side on one
database in interleaved pairs of 8 s rounds, three times: at `-c16` 1.3-3.3 times the old rate in
every pair (best rounds 126 -> 413, 116 -> 222 and, at the quietest, 233 -> 300 req/s with p99
104-123 -> 80-97 ms), at `-c2` p50 12-22 -> 8-12 ms and, at the quietest, 8.2-8.5 -> 6.0-7.4 ms.

**Third round** (2026-12-07, issue #19, measured against the bare route that durably writes one
row). In-process profile of 400 new-visitor requests on a durable PostgreSQL (CPU time per
request, `time.process_time`), then cProfile with the CPU clock:
- **The limiter started a thread per request.** Without Redis, limits' `MemoryStorage` starts a
  `threading.Timer` whenever a hit finds none running, i.e. for most requests under steady
  traffic: about 0.3 ms of CPU and, on a busy machine, over 1 ms of wall time per request (the
  request waits for the new thread to start). `leadcapture/limiter_storage.py` (`swept-memory://`,
  the default without `REDIS_URL`) sweeps expired counters on the hit itself at most once a
  second; counts are unchanged.
- **A new session was inserted, then updated**: its engagement with the tool use that started it
  was an UPDATE of the row just inserted (and an ORM flush). The session is now inserted with it.
- **One counted row** (the session's `session_tools`) was a freshly built `unnest()` statement per
  request; one row is now one cached `INSERT ... ON CONFLICT`.
Now 7 statements per new visitor (catalog and head; visitor, session, interaction, session tools,
score, prompt) plus BEGIN, COMMIT and the pool's ping. A/B of the tree before and after, in one
process, 4 interleaved pairs of 400 requests while other work shared the machine: CPU per request
3.68 -> 2.90 ms (medians), wall 5.7 -> 4.0 ms.

**The rate is lower than on 2026-12-06** (363 against 569 req/s at `-c16`, light-load p50 4.5-5.4
against 3.3-4.0 ms), though a worker's CPU per request is not: in one process the tree of that run
(44443d5) and this one measured the same, 2.4-3.8 ms per request over five interleaved pairs in
the development and the production config. What grew since is PostgreSQL's share: #16's insight
queue adds four trigger runs to a new visitor's INSERTs (session, session tools, interaction,
prompt), beside the roll-up queue's. Without Redis the periodic roll-up and insight jobs also run
inside the gunicorn workers during the run; a run with them off (`INLINE_SWEEPER` false) gave
348-432 req/s, within the noise of this one.

**Why 0.5 of the durable-row reference is still out of reach.** The reference spends about 1.2 ms
of the two cores per request (gunicorn, Flask, one INSERT, the WAL flush); half its rate leaves
2.5 ms of the two cores per tool request, for the worker and PostgreSQL together, while a worker
alone spends about 2.9 ms of CPU per new-visitor request in one process. Statements are not the
lever: six INSERTs and a COMMIT through SQLAlchemy Core cost 0.35-0.7 ms of CPU per transaction
on this machine, and psycopg's pipeline mode (one round trip for all of them) measured no less CPU
(a scratch experiment: 3 rounds of 500 transactions each way). The rest of a request's CPU is spread
flat: the ORM objects of the new rows and their INSERTs ~20 %, the catalog-and-head query ~10 %,
Flask's request and response machinery with its extensions (limiter ~6 %, Talisman's headers and
nonce ~4 %, CORS ~1.5 %, the request log and metrics ~1.5 %) ~25 %, the tool's own work (input
model, estimate, user agent, referrer, UTM, rule evaluation, form decision, experiments) the rest.
**Next step** (not taken: each costs readability the issue asks to keep): a new-visitor path that
builds its rows as plain values and writes them in one statement on PostgreSQL (data-modifying
CTEs) without ORM objects, and a leaner middleware stack for the JSON API (no CSP nonce on JSON,
the limiter's limit resolved once per endpoint); both together we estimate at 25-35 % of the
worker's CPU, still short of 0.5. `TRACKING_DURABILITY=fast` (asynchronous commit for
tracking-only transactions) was not added: deciding that a transaction holds no lead, booking,
consent, feedback or outbox row needs every writer to mark itself, and one forgotten mark would
lose such a row in a crash.
"""


def main() -> None:
    """Measure, print and record the CTA tools benchmark."""
    measure_on_postgres(TITLE, measure, lambda result: report(result, NOTES))


if __name__ == "__main__":
    main()
