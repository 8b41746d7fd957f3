"""Under gunicorn with PROMETHEUS_MULTIPROC_DIR: /metrics and the System page add up what every
web process counted, whichever process answers."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ops.scrape import samples_of, value

pytestmark = pytest.mark.heavy

ROOT = Path(__file__).resolve().parents[2]


def web_process(database_url: str, folder: Path, requests: int, scrape: bool = False) -> str:
    command = [sys.executable, "-m", "tests.ops.multiprocess_app", database_url, str(requests)]
    done = subprocess.run(
        command + (["--scrape"] if scrape else []),
        cwd=ROOT,
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_processes_requests_are_counted(postgres_database_url, tmp_path):
    web_process(postgres_database_url, tmp_path, 2)
    web_process(postgres_database_url, tmp_path, 3)
    *exposition, page = web_process(postgres_database_url, tmp_path, 0, scrape=True).strip().splitlines()

    samples = samples_of("\n".join(exposition) + "\n")
    healthz = {"endpoint": "ops.healthz", "method": "GET"}
    assert value(samples, "leadcapture_http_requests_total", **healthz, status="200") == 5
    assert value(samples, "leadcapture_http_request_duration_seconds_count", **healthz) == 5
    assert value(samples, "leadcapture_metrics_source_up", source="database") == 1
    assert json.loads(page)["ops.healthz"] == 5
