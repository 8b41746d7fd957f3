"""The demo load benchmark's memory figure: a command's and its child processes' memory together."""

import subprocess
import sys
from pathlib import Path

from bench.demo_load import tree_pss_kib

MIB = 1024
HOLDS = "import sys; kept = b'x' * ({mib} * 2**20); print('ready', flush=True); sys.stdin.read()"
PARENT = (
    "import subprocess, sys; kept = b'x' * (60 * 2**20);"
    f"child = subprocess.Popen([sys.executable, '-c', {HOLDS.format(mib=40)!r}], stdout=subprocess.PIPE);"
    "child.stdout.readline(); print('ready', flush=True); sys.stdin.read(); child.kill()"
)


def pss_kib(pid: int) -> int:
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return int(next(line for line in rollup.splitlines() if line.startswith("Pss:")).split()[1])


def test_a_command_and_its_children_are_counted_together():
    with subprocess.Popen(
        [sys.executable, "-c", PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as parent:
        try:
            assert parent.stdout.readline().strip() == "ready"  # both hold their memory now
            together = tree_pss_kib(parent.pid)
            assert 100 * MIB < together < 160 * MIB
            assert together > pss_kib(parent.pid) + 40 * MIB  # the child's 40 MiB are in it
        finally:
            parent.kill()


FORKS = (
    "import os, sys; kept = b'x' * (80 * 2**20); forked = os.fork();"
    "forked and print('ready', flush=True); sys.stdin.read()"
)


def test_pages_a_forked_child_shares_with_its_parent_count_once():
    with subprocess.Popen(
        [sys.executable, "-c", FORKS], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as parent:
        try:
            assert parent.stdout.readline().strip() == "ready"
            assert 80 * MIB < tree_pss_kib(parent.pid) < 110 * MIB  # not twice 80 MiB
        finally:
            parent.kill()
