"""Real PostgreSQL and Redis servers for the tests: loopback, free ports, temporary folders."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.shared_engines import APPLICATION_NAME


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up within {timeout:.0f}s")


def _postgres_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = candidates[0] if candidates else shutil.which(name)
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is missing: run `make test`, which installs it")
    return found


class PostgresServer:
    """A throw-away PostgreSQL cluster.

    Tests run it with fsync off (its data dies with the test run); ``durable=True`` keeps
    PostgreSQL's default durability, for benchmarks that must pay for real commits.
    """

    def __init__(self, durable: bool = False):
        self.durable = durable
        # Not under pytest's folder: that one is private to root, and the server runs as postgres.
        self.folder = Path(tempfile.mkdtemp(prefix="leadcapture-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        # initdb refuses to run as root: run the server as the postgres user then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self) -> "PostgresServer":
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(
            _postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"
        )
        return self.resume()

    def pause(self) -> None:
        """Stop the server, keeping its data and port for ``resume``."""
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> "PostgresServer":
        """Start the server (again) on its data folder and port."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        log = self.folder / "postgres.log"
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")
        return self

    def stop(self) -> None:
        self._run(_postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` and return its SQLAlchemy URL."""
        with self._admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def wait_for_no_clients(self, timeout: float = 5.0) -> None:
        """Wait until no client is connected to a database but ``postgres`` (a process that was
        just stopped takes a moment to leave), the shared engines' idle connections aside; fail the
        test naming those still connected, after ending them so that the tests after it start clean."""
        try:
            wait_for(lambda: not self._clients(), "no client left", timeout)
        except RuntimeError:
            if not (clients := self._clients()):  # the last one left just now
                return
            with self._admin_connection() as conn:
                for _database, pid, _state, _query in clients:
                    conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
            pytest.fail(f"connections left open after the test: {clients}", pytrace=False)

    def _clients(self) -> list[tuple]:
        with self._admin_connection() as conn:
            return conn.execute(
                "SELECT datname, pid, state, left(query, 80) FROM pg_stat_activity"
                " WHERE backend_type = 'client backend' AND datname <> 'postgres'"
                " AND NOT (application_name = %s AND state = 'idle')",
                (APPLICATION_NAME,),
            ).fetchall()

    def _admin_connection(self):
        import psycopg

        return psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        )

    def _run(self, *command: str, check: bool = True) -> None:
        done = subprocess.run([*self.as_user, *command], capture_output=True, text=True, cwd="/")
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


class RedisServer:
    """A throw-away redis-server with persistence off."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is missing: run `make test`, which installs it")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, "redis-server")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
