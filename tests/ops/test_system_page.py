"""/admin/system (admins): readiness, the outbox and queue gauges, the last day's samples charted,
job durations, the busiest endpoints and cache hit ratios; samples are taken by a periodic job
and kept three days."""

import html as markup
import json
import re
from datetime import timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.jobs.periodic import run_periodic
from leadcapture.jobs.table import JOBS, PERIODIC_JOBS
from leadcapture.models import SystemSample
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.ops.samples import take_sample
from tests.admin.signin import signed_in_client
from tests.servers import free_port
from tests.sync.helpers import submit_lead

CALCULATOR = {"visitor_id": "system-visitor-0001", "procedures": ["botox"], "budget_range": "under_1k"}


def page(client) -> str:
    response = client.get("/admin/system")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def shown(html: str, testid: str) -> str:
    """The text of the element ``testid`` (its tags dropped, spaces squeezed)."""
    element = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</(?:span|tr)>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", element).split())


def chart(html: str) -> dict:
    return json.loads(markup.unescape(re.search(r"data-chart='([^']*)'", html).group(1)))


def drain(app) -> None:
    """Wait until the inline runner has run what was queued."""
    app.extensions["inline_jobs"].executor.submit(lambda: None).result(timeout=60)


def cells(html: str, testid: str) -> list[str]:
    """The words of a table row; [] when there is no such row."""
    return shown(html, testid).split() if f'data-testid="{testid}"' in html else []


def counts(html: str, testid: str, columns: int) -> list[int]:
    """The first ``columns`` figures after the row's name (0s when there is no such row)."""
    found = cells(html, testid)[1 : 1 + columns]
    return [int(figure.replace(",", "")) for figure in found] if found else [0] * columns


def added(before: str, after: str, testid: str, columns: int) -> list[int]:
    """How much each figure of a row grew between two views of the page."""
    grown = zip(counts(after, testid, columns), counts(before, testid, columns), strict=True)
    return [later - earlier for later, earlier in grown]


def test_the_page_shows_the_gauges_jobs_endpoints_and_caches(app):
    with app.app_context():
        seed_catalog()
        submit_lead("pending@example.com")
    admin = signed_in_client(app)
    before = page(admin)  # requests and cache lookups are counted per process, by every test's app
    for _ in range(3):
        assert admin.post("/api/v1/tools/cost_calculator", json=CALCULATOR).status_code == 200
    assert admin.post("/api/v1/tools/no_such_tool", json={}).status_code == 404
    assert (
        admin.post("/api/v1/privacy/requests", json={"email": "a@example.com", "kind": "export"}).status_code
        == 202
    )
    drain(app)

    html = page(admin)
    assert shown(html, "check-database").startswith("database ready")
    assert shown(html, "check-queues").startswith("queues ready")
    assert shown(html, "outbox-pending") == "1" and shown(html, "outbox-dead") == "0"
    assert shown(html, "queue-inline") == "0"
    assert re.fullmatch(r"\d+ s", shown(html, "oldest-pending"))
    assert cells(html, "job-send-mail")[:3] == ["send-mail", "1", "0"]  # one run, none failed; times
    assert added(before, html, "endpoint-api.use_tool", 3) == [4, 1, 0]  # requests, 4xx, 5xx
    hits, misses = added(before, html, "cache-live_rules", 2)
    assert misses == 0 and hits >= 3  # compiled when the lead above was scored, then reused
    assert 'data-testid="no-samples"' in html
    assert '<a href="/admin/system" aria-current="page">System</a>' in html


def test_the_chart_shows_the_last_days_samples(app):
    now = utcnow()
    with app.app_context():
        submit_lead("one@example.com")
        submit_lead("two@example.com")
        for hours in (26, 2, 1):
            take_sample(now - timedelta(hours=hours))

    config = chart(page(signed_in_client(app)))
    times = [(now - timedelta(hours=hours)).strftime("%H:%M") for hours in (2, 1)]
    assert config["data"]["labels"] == times  # the sample of 26 hours ago is not charted
    lines = {dataset["label"]: dataset["data"] for dataset in config["data"]["datasets"]}
    assert lines["Outbox pending"] == [2, 2] and lines["Outbox dead-lettered"] == [0, 0]
    assert lines["Queue inline"] == [0, 0]
    # Written moments ago, the oldest pending row had not waited yet at either sample's time.
    assert lines["Oldest pending (min)"] == [0.0, 0.0]


def test_samples_older_than_three_days_are_dropped_by_the_next_one(app_ctx):
    now = utcnow()
    for hours in (80, 70, 1):
        take_sample(now - timedelta(hours=hours))
    take_sample(now)
    kept = db.session.scalars(select(SystemSample.taken_at).order_by(SystemSample.taken_at)).all()
    assert kept == [now - timedelta(hours=70), now - timedelta(hours=1), now]


def test_the_sample_job_runs_every_five_minutes(app_ctx):
    assert JOBS["system-sample"] in PERIODIC_JOBS and JOBS["system-sample"].period == 300
    with app_ctx.app_context():
        submit_lead("sampled@example.com")
    sample_id = run_periodic("system-sample")
    sample = db.session.get(SystemSample, sample_id)
    assert (sample.outbox_pending, sample.outbox_dead, sample.queue_depths) == (1, 0, {"inline": 0})
    assert sample.oldest_pending_seconds >= 0


def test_without_redis_the_page_says_so(make_app):
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    html = page(signed_in_client(app))
    assert shown(html, "check-redis").startswith("redis failed")
    assert shown(html, "check-queues").startswith("queues failed")
    assert "queues: Redis did not answer" in html and "Redis did not answer: the job figures" in html
