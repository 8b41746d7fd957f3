"""The app's environment variables: neither the developer's shell nor another test sets them."""

import os
import subprocess
import sys
from pathlib import Path

SHELL = {"CLINIC_TIMEZONE": "Asia/Tokyo", "TRUSTED_PROXIES": "2", "API_RATE_LIMIT": "1 per day"}


def app_config(make_app) -> dict:
    config = make_app().config
    return {name: config[name] for name in SHELL}


def test_the_app_reads_only_its_defaults(make_app):
    assert app_config(make_app) == {
        "CLINIC_TIMEZONE": "UTC",
        "TRUSTED_PROXIES": 0,
        "API_RATE_LIMIT": "600 per minute",
    }


def test_a_shell_with_the_variables_set_runs_the_same_tests():
    shell = {**os.environ, **SHELL}
    test = f"{__file__}::test_the_app_reads_only_its_defaults"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", "sqlite", test],
        cwd=Path(__file__).resolve().parents[2],
        env=shell,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_variable_a_test_sets_directly(make_app):
    os.environ["CLINIC_TIMEZONE"] = "Asia/Tokyo"
    assert make_app().config["CLINIC_TIMEZONE"] == "Asia/Tokyo"


def test_does_not_reach_the_next_test(make_app):  # runs after the one above: pytest keeps file order
    assert "CLINIC_TIMEZONE" not in os.environ
    assert make_app().config["CLINIC_TIMEZONE"] == "UTC"
