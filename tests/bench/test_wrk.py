"""bench/wrk.py: the Lua script wrk runs, and reading its result line back (no wrk needed)."""

import json

import pytest

from bench.wrk import MARKER, lua_script, parse_output


def test_script_posts_the_body_verbatim_with_the_headers():
    body = json.dumps({"procedures": ["botox"], "note": 'say "hi"'}).encode()
    script = lua_script(body, {"Content-Type": "application/json", "User-Agent": "Mozilla/5.0"})
    assert 'wrk.method = "POST"' in script
    assert f"wrk.body = [=[{body.decode()}]=]" in script
    assert 'wrk.headers["Content-Type"] = "application/json"' in script
    assert 'wrk.headers["User-Agent"] = "Mozilla/5.0"' in script
    assert json.dumps(MARKER) in script and "done = function" in script


def test_a_body_holding_the_long_bracket_gets_a_longer_one():
    script = lua_script(b'{"a": "]=]", "b": "]==]"}', {})
    assert 'wrk.body = [===[{"a": "]=]", "b": "]==]"}]===]' in script


def test_the_result_line_is_read_among_wrk_s_own_output():
    output = (
        "Running 10s test @ http://127.0.0.1:8000/bare\n  2 threads and 16 connections\n"
        + MARKER
        + json.dumps(
            {
                "requests": 30000,
                "duration_us": 10_000_000,
                "bad_status": 2,
                "connect_errors": 0,
                "read_errors": 1,
                "write_errors": 0,
                "timeouts": 3,
                "p50_us": 4500,
                "p90_us": 8000,
                "p99_us": 21000,
                "max_us": 55000,
            }
        )
        + "\n"
    )
    result = parse_output(output)
    assert result.rate == 3000
    assert (result.bad_status, result.socket_errors) == (2, 4)
    assert (result.p50_ms, result.p90_ms, result.p99_ms, result.max_ms) == (4.5, 8.0, 21.0, 55.0)


def test_output_without_a_result_line_is_an_error():
    with pytest.raises(ValueError, match="WRK_RESULT"):
        parse_output("unable to connect to 127.0.0.1:1 Connection refused\n")
