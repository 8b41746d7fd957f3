"""Running ``wrk`` (Debian's package) with a POST body, and reading its numbers back.

The Lua script posts one JSON body on every request and, when wrk is done, prints one line
``WRK_RESULT {json}`` with the request count, errors and latency percentiles (microseconds).
"""

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MARKER = "WRK_RESULT "
_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "%s{\\"requests\\": %.0f, \\"duration_us\\": %.0f, \\"bad_status\\": %.0f, \\"connect_errors\\": %.0f, "
    .. "\\"read_errors\\": %.0f, \\"write_errors\\": %.0f, \\"timeouts\\": %.0f, "
    .. "\\"p50_us\\": %.0f, \\"p90_us\\": %.0f, \\"p99_us\\": %.0f, \\"max_us\\": %.0f}\\n",
    "MARKER", summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    bad_status: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rate(self) -> float:
        """Completed requests per second."""
        return self.requests / self.seconds


def lua_script(body: bytes, headers: dict[str, str]) -> str:
    """A wrk script that POSTs ``body`` with ``headers`` and reports with ``MARKER``."""
    text = body.decode()
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    close = "=" * level
    lines = ['wrk.method = "POST"', f"wrk.body = [{close}[{text}]{close}]"]
    lines += [f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items()]
    return "\n".join(lines) + "\n" + _DONE.replace('"MARKER"', json.dumps(MARKER))


def parse_output(output: str) -> WrkResult:
    """The ``MARKER`` line of wrk's output, as a WrkResult; ValueError when it is missing."""
    for line in output.splitlines():
        if line.startswith(MARKER):
            raw = json.loads(line[len(MARKER) :])
            break
    else:
        raise ValueError(f"wrk printed no {MARKER.strip()} line:\n{output}")
    socket_errors = sum(raw[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return WrkResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        bad_status=raw["bad_status"],
        socket_errors=socket_errors,
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
    )


def run_wrk(
    url: str, body: bytes, headers: dict[str, str], seconds: int, connections: int, threads: int = 2
) -> WrkResult:
    """POST ``body`` to ``url`` for ``seconds`` over ``connections`` connections; wrk's numbers."""
    binary = shutil.which("wrk")
    if not binary:
        raise RuntimeError("wrk is missing: apt-get install -y wrk")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(lua_script(body, headers))
        done = subprocess.run(
            [
                binary,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(script),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return parse_output(done.stdout)
