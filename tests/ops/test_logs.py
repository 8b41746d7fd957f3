"""Request ids: taken from a sane X-Request-ID or made up, echoed in the response, on every log line
of the request (JSON or text) and of the jobs it queued."""

import json

import pytest

from leadcapture.app import create_app
from tests.conftest import app_settings

PRIVACY_REQUEST = {"email": "ana@example.com", "kind": "export"}


def json_lines(text: str) -> list[dict]:
    """The JSON objects among the captured lines (the test run's own alembic lines are text)."""
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("sent", ["req-7f3a", "0b9e6c1e-2b7e-4c53-9a51-0c7d1f3e9a10", "Root=1-abc:def/x+y="])
def test_a_sane_request_id_is_kept_and_echoed(client, sent):
    assert client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


@pytest.mark.parametrize("sent", [None, "", "two words", "a" * 129, "<script>", "ünïcode"])
def test_any_other_request_gets_a_new_id(client, sent):
    headers = {} if sent is None else {"X-Request-ID": sent}
    first = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert len(first) == 32 and int(first, 16) >= 0 and first != second


def test_json_logs_carry_the_request_id_into_the_job_it_queued(make_app, capsys):
    app = make_app(LOG_FORMAT="json", LOG_LEVEL="INFO")
    client = app.test_client()
    answer = client.post(
        "/api/v1/privacy/requests", json=PRIVACY_REQUEST, headers={"X-Request-ID": "req-json-1"}
    )
    assert answer.status_code == 202 and answer.headers["X-Request-ID"] == "req-json-1"
    app.extensions["inline_jobs"].shutdown()  # waits for the email's job
    lines = [line for line in json_lines(capsys.readouterr().err) if line.get("request_id") == "req-json-1"]

    access = next(line for line in lines if line["logger"] == "leadcapture.access")
    assert access["message"].startswith("POST /api/v1/privacy/requests 202")
    assert access["endpoint"] == "api.request_privacy_link" and access["status"] == 202
    assert access["level"] == "INFO" and access["timestamp"].endswith("+00:00")
    # The email job, run after the response in another thread, logs the message it kept.
    kept = next(line for line in lines if line["logger"] == "leadcapture.mail")
    assert "ana@example.com" in kept["message"] and kept["job"] == "send-mail"
    done = next(line for line in lines if line["logger"] == "leadcapture.jobs.running")
    assert done["message"].startswith("job send-mail done in") and done["duration_ms"] >= 0


def test_text_logs_show_the_request_id_in_brackets(make_app, capsys):
    app = make_app(PROPAGATE_EXCEPTIONS=False, LOG_LEVEL="INFO")
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)
    client = app.test_client()
    assert client.get("/broken", headers={"X-Request-ID": "req-text-9"}).status_code == 500
    err = capsys.readouterr().err
    # Flask's own error line, with its traceback, belongs to the request too.
    error = next(line for line in err.splitlines() if "ERROR leadcapture [request_id=req-text-9]" in line)
    assert "Exception on /broken [GET]" in error and "ZeroDivisionError" in err
    assert " INFO leadcapture.access [request_id=req-text-9]: GET /broken 500 " in err


def test_probes_and_scrapes_are_not_logged(make_app, capsys):
    client = make_app(LOG_LEVEL="INFO").test_client()
    for path in ("/healthz", "/readyz", "/metrics", "/"):
        assert client.get(path).status_code == 200
    access = [line for line in capsys.readouterr().err.splitlines() if "leadcapture.access" in line]
    assert len(access) == 1 and "GET / 200" in access[0]


def test_an_unknown_log_format_stops_the_app_at_start(database_url):
    with pytest.raises(RuntimeError, match="LOG_FORMAT must be one of text, json"):
        create_app(app_settings(database_url, LOG_FORMAT="xml"))
