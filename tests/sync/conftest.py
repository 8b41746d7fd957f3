"""Sync fixtures: ``synced_app`` (jobs inline, in a thread of the process) and ``stack`` (settings for
the test process and its `flask worker` processes)."""

import subprocess

import pytest
from redis import Redis

from leadcapture.app import create_app
from leadcapture.extensions import db
from tests.conftest import app_settings, empty_all_tables
from tests.sync.helpers import stop, web_settings

OUR_RATE = "40 per 5 seconds"


@pytest.fixture
def stack(postgres_database_url, redis_server, fake_hubspot):
    """Settings shared by the test process (which takes leads) and its workers, the workers started
    (stopped at teardown), and ``web_app(settings)`` for the side taking leads."""
    Redis.from_url(redis_server.url).flushdb()
    settings = {
        "DATABASE_URL": postgres_database_url,
        "REDIS_URL": redis_server.url,
        "HUBSPOT_ACCESS_TOKEN": fake_hubspot.token,
        "HUBSPOT_BASE_URL": fake_hubspot.url,
        "HUBSPOT_RATE_LIMIT": OUR_RATE,
        "HUBSPOT_SWEEP_AFTER_SECONDS": "1",
    }
    workers: list[subprocess.Popen] = []
    apps = []

    def web_app(settings: dict):
        """The web side taking leads; its connections are closed at teardown."""
        apps.append(create_app(web_settings(settings)))
        return apps[-1]

    try:
        yield settings, workers, web_app
    finally:
        for worker in workers:
            stop(worker)
        for used in apps:
            with used.app_context():
                db.engine.dispose()
        app = create_app(app_settings(postgres_database_url))
        with app.app_context():
            empty_all_tables()
            db.engine.dispose()


@pytest.fixture
def synced_app(make_app, fake_hubspot):
    """Build an app that syncs to the fake HubSpot; ``settings`` override (e.g. no token)."""

    def build(**settings):
        defaults = {
            "HUBSPOT_ACCESS_TOKEN": fake_hubspot.token,
            "HUBSPOT_BASE_URL": fake_hubspot.url,
            "HUBSPOT_RATE_LIMIT": "1000 per 10 seconds",
        }
        return make_app(**(defaults | settings))

    return build
