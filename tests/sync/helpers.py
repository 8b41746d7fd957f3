"""Leads for the sync tests, and waiting for the background sync to settle."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from leadcapture.cta.capture import capture_scored_lead
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import SyncOutbox
from leadcapture.scoring_rules.live import live_rules
from leadcapture.tracking import VisitContext, record_interaction
from tests.conftest import app_settings

ROOT = Path(__file__).resolve().parents[2]
SPRING = "https://clinic.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring"
CALC = {"procedures": ["botox"], "budget_range": "under_1k"}


def submit_lead(email: str, name: str = "Ana Lopez"):
    """A visitor from the spring campaign uses the calculator and leaves their email (commits).

    The live rules are read first, as a tool request does (on an empty database that publishes
    the defaults, with a commit of its own), so the lead's creation is one transaction."""
    live_rules()
    recorded = record_interaction(VisitContext(page_url=SPRING), "cost_calculator", CALC)
    return capture_scored_lead(
        recorded.visit, ContactDetails(email=email, name=name), recorded.interaction.id
    ).lead


def outbox_counts() -> dict[str, int]:
    rows = db.session.execute(select(SyncOutbox.status, func.count()).group_by(SyncOutbox.status))
    counts = dict(rows.all())
    db.session.rollback()
    return counts


def wait_until(check, timeout: float = 20.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def all_synced(app, total: int) -> bool:
    with app.app_context():
        return outbox_counts() == {"synced": total}


def web_settings(settings: dict) -> dict:
    """The test config of the web side taking leads, on the workers' database, Redis and HubSpot."""
    return app_settings(
        settings["DATABASE_URL"],
        REDIS_URL=settings["REDIS_URL"],
        HUBSPOT_ACCESS_TOKEN=settings["HUBSPOT_ACCESS_TOKEN"],
        HUBSPOT_BASE_URL=settings["HUBSPOT_BASE_URL"],
    )


def start_worker(settings: dict, workers: list) -> subprocess.Popen:
    """A `flask worker` process with ``settings`` as its environment, added to ``workers``."""
    flask = Path(sys.executable).with_name("flask")
    worker = subprocess.Popen(
        [str(flask), "worker"],
        cwd=ROOT,
        env={**os.environ, "FLASK_APP": "wsgi", **settings},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the job's forked child dies with it
    )
    workers.append(worker)
    return worker


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    """Stop ``worker`` (and its job's forked child) with ``sig``; a worker still finishing its job
    after 30 s (a warm shutdown waits for it) is killed, so that it never lives on into the next test."""
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
