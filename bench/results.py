"""``bench/RESULTS.md``: each benchmark rewrites its own ``## title`` section and keeps the others."""

import argparse
import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

from tests.servers import PostgresServer

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = (
    "# Benchmark results\n\n"
    "Written by `make bench` (`python -m bench`); each benchmark rewrites only its own section.\n\n"
)


def write_section(title: str, markdown: str, path: Path = RESULTS) -> None:
    """Replace the ``## title`` section of ``path`` with ``markdown`` (append it when missing)."""
    text = path.read_text() if path.exists() else HEADER
    block = f"## {title}\n\n{markdown.strip()}\n\n"
    section = re.compile(rf"^## {re.escape(title)}[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    text, replaced = section.subn(lambda _match: block, text, count=1)
    if not replaced:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n")


def cpu_model() -> str:
    """The CPU's model name, as /proc/cpuinfo gives it."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            return next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.machine()


def machine_line(postgres: str, where: str = "all on one machine", load: tuple | None = None) -> str:
    """The dated first line of a section: machine, Python, PostgreSQL and (optionally) the load."""
    line = (
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} CPUs (nproc), {cpu_model()}, "
        f"Python {platform.python_version()}, PostgreSQL {postgres} with its default "
        f"durability (fsync on, synchronous commit); {where}"
    )
    if load:
        line += f" (shared: 1-minute load average {load[0]:.1f} before the run, {load[1]:.1f} after)"
    return line + "."


def on_postgres(measure):
    """``measure(server)`` on a fresh durable PostgreSQL, stopped afterwards; its result."""
    server = PostgresServer(durable=True).start()
    try:
        return measure(server)
    finally:
        server.stop()


def publish(title: str, section: str, write: bool = True) -> None:
    """Print ``section`` and (``write``) record it as the ``## title`` section of RESULTS.md."""
    if write:
        write_section(title, section)
    print(section)


def measure_on_postgres(title: str, measure, report, write: bool = True) -> None:
    """Run ``measure`` on a fresh durable PostgreSQL, then print ``report(result)`` and record it
    as the ``## title`` section (unless not ``write``)."""
    publish(title, report(on_postgres(measure)), write)


def sized_main(prog: str, title: str, measure, report, default_visitors: int, argv=None) -> None:
    """``python -m <prog> [--visitors N] [--no-write]``: ``measure(server, N)`` on a fresh durable
    PostgreSQL, then print ``report(result)`` and record it (unless ``--no-write``)."""
    parser = argparse.ArgumentParser(prog=prog)
    parser.add_argument(
        "--visitors", type=int, default=default_visitors, help=f"demo visitors (default {default_visitors:,})"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = parser.parse_args(argv if argv is not None else [])
    measure_on_postgres(title, lambda server: measure(server, args.visitors), report, write=not args.no_write)
